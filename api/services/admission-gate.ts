import type { RequestHandler, Response } from 'express';
import { HttpError } from '../http-errors';

/**
 * An admission limit for expensive reads (segment and audience previews, member exports): at most
 * `atOnce` run together; the rest wait in arrival order, so a crowd of them cannot starve the cheap
 * pages (the runs list, the dashboard) of the CPU and the database they share.
 *
 * A request that would wait behind more than `maxWaiting` others, or that has waited `maxWaitMs`,
 * gets a 503 with Retry-After and a message saying what to do, instead of hanging. A client that
 * disconnects while waiting leaves the queue at once, and its slot is never taken.
 *
 * Decided: one gate per app process for all such reads (they contend for the same database), two at
 * once by default (the machine's core count is a fair first guess; CRM_SYNC_HEAVY_READS_AT_ONCE
 * changes it). With MongoDB in production these reads are answered from indexes and rarely queue.
 */
export interface AdmissionGate {
  /** Express middleware: admits the request (holding a slot until its response is done) or refuses it with 503. */
  admit: RequestHandler;
  /** Like `admit`, but only for requests `when` picks (e.g. `?format=csv`); others pass straight through. */
  admitWhen(when: (req: Parameters<RequestHandler>[0]) => boolean): RequestHandler;
  /** What the gate is doing now: requests running and waiting (read by the tests). */
  state(): { running: number; waiting: number; atOnce: number };
}

export interface AdmissionGateOptions {
  /** Requests that run together (at least 1). */
  atOnce: number;
  /** Requests that may wait; one more is refused at once. */
  maxWaiting: number;
  /** Longest wait before a request is refused. */
  maxWaitMs: number;
  /** Named in the 503 message: "Too many <what> are running". */
  what: string;
  /** Told how each request's wait ended and how long it was (0 when admitted or refused at once), for /metrics. */
  observeWait?: (outcome: WaitOutcome, waitedSeconds: number) => void;
}

/** 'left': the client went away while waiting. */
export type WaitOutcome = 'admitted' | 'refused' | 'left';

export const DEFAULT_HEAVY_READS: AdmissionGateOptions = { atOnce: 2, maxWaiting: 200, maxWaitMs: 90_000, what: 'previews and exports' };

export class ServerBusyError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, message, { retryAfterSeconds });
  }
}

type Waiter = { admitted: () => void; timer: NodeJS.Timeout };

export function createAdmissionGate(options: AdmissionGateOptions): AdmissionGate {
  const atOnce = Math.max(1, Math.floor(options.atOnce));
  let running = 0;
  const waiting: Waiter[] = [];
  // A rough service time, for Retry-After: the mean of recent admitted requests.
  let meanMs = 1000;

  const busy = (why: string) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(((waiting.length + running) * meanMs) / atOnce / 1000));
    return new ServerBusyError(`Too many ${options.what} are running (${why}); try again in ${retryAfterSeconds} s.`, retryAfterSeconds);
  };

  const release = () => {
    const next = waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admitted();
    } else running--;
  };

  /** Resolves with a release function once admitted; rejects with ServerBusyError. `gone` aborts a wait. */
  const acquire = (gone: AbortSignal): Promise<() => void> => {
    const startedAt = Date.now();
    const waitEnded = (outcome: WaitOutcome) => options.observeWait?.(outcome, (Date.now() - startedAt) / 1000);
    let released = false;
    const releaseOnce = () => {
      if (released) return;
      released = true;
      meanMs = meanMs * 0.8 + (Date.now() - startedAt) * 0.2;
      release();
    };
    if (running < atOnce) {
      running++;
      waitEnded('admitted');
      return Promise.resolve(releaseOnce);
    }
    if (waiting.length >= options.maxWaiting) {
      waitEnded('refused');
      return Promise.reject(busy(`${waiting.length} already waiting`));
    }
    return new Promise((resolve, reject) => {
      const leave = () => {
        const at = waiting.indexOf(waiter);
        if (at >= 0) waiting.splice(at, 1);
        clearTimeout(waiter.timer);
      };
      const waiter: Waiter = {
        // The slot passes straight from the request that finished to this one: `running` stays the same.
        admitted: () => {
          gone.removeEventListener('abort', onGone);
          waitEnded('admitted');
          resolve(releaseOnce);
        },
        timer: setTimeout(() => {
          leave();
          gone.removeEventListener('abort', onGone);
          waitEnded('refused');
          reject(busy(`waited ${options.maxWaitMs / 1000} s`));
        }, options.maxWaitMs),
      };
      const onGone = () => {
        leave();
        waitEnded('left');
      };
      gone.addEventListener('abort', onGone, { once: true });
      waiting.push(waiter);
    });
  };

  const admitWhen =
    (when: (req: Parameters<RequestHandler>[0]) => boolean): RequestHandler =>
    (req, res, next) => {
      if (!when(req)) return next();
      const gone = new AbortController();
      // 'close' fires when the response is done or the client went away, whichever is first.
      const onClose = () => gone.abort();
      res.once('close', onClose);
      acquire(gone.signal).then(
        (releaseSlot) => {
          res.off('close', onClose);
          // (Not req.destroyed: a request whose body was parsed already is destroyed, yet waits for its answer.)
          if (res.writableEnded || res.destroyed) return releaseSlot();
          res.once('close', releaseSlot);
          next();
        },
        (err: ServerBusyError) => {
          res.off('close', onClose);
          refuse(res, err);
          next(err);
        },
      );
    };

  return {
    admit: admitWhen(() => true),
    admitWhen,
    state: () => ({ running, waiting: waiting.length, atOnce }),
  };
}

function refuse(res: Response, err: ServerBusyError): void {
  if (!res.headersSent) res.setHeader('Retry-After', String(err.retryAfterSeconds));
}
