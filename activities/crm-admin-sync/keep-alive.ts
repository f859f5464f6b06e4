import { Context } from '@temporalio/activity';

const TICK_MS = 5_000;
/**
 * How long a cancelled attempt waits for its body to reach the next `checkCancelled()`. The page
 * being stored then gets its checkpoint instead of being read again by the next attempt, and the
 * body has stopped writing by the time the attempt reports its end.
 */
const SETTLE_MS = 5_000;

/**
 * Runs an activity body while heartbeating every few seconds with its latest details, so a slow
 * CRM call or database write is not mistaken for a dead worker, and a dead worker is still noticed
 * within the heartbeat timeout. When Temporal cancels the attempt (it timed out and was retried
 * elsewhere, or the run was cancelled) the body stops at its next `checkCancelled()`, so a stale
 * attempt never keeps writing next to its successor. When its own worker is stopping, the worker's
 * interceptor makes the attempt fail retryably instead (worker/shutdown-hand-over-interceptor.ts).
 */
export async function keepAlive<T>(details: () => unknown, body: (checkCancelled: () => void) => Promise<T>): Promise<T> {
  const context = Context.current();
  const ticker = setInterval(() => context.heartbeat(details()), TICK_MS);
  const checkCancelled = () => {
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? new Error('activity cancelled');
  };
  const running = body(checkCancelled);
  try {
    return await Promise.race([running, context.cancelled]);
  } catch (err) {
    if (context.cancellationSignal.aborted) await settledWithin(running, SETTLE_MS);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}

/** Waits until the promise settles, however it settles, or until the time is up. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise.then(() => undefined, () => undefined), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
