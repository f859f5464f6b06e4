import { Context } from '@temporalio/activity';

const TICK_MS = 5_000;

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
  try {
    return await Promise.race([body(checkCancelled), context.cancelled]);
  } finally {
    clearInterval(ticker);
  }
}
