import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

/** The failure type an attempt ends with when its worker stopped under it (see handOverOnShutdown). */
export const WORKER_SHUTDOWN_FAILURE = 'WorkerShutdown';

/** Whether the attempt was cancelled because its own worker is stopping, not by Temporal or the workflow. */
export function cancelledByShutdown(context: Pick<Context, 'cancellationSignal' | 'cancellationDetails'>): boolean {
  if (!context.cancellationSignal.aborted) return false;
  const reason: unknown = context.cancellationSignal.reason;
  return context.cancellationDetails?.workerShutdown === true || (reason instanceof Error && reason.message === 'WORKER_SHUTDOWN');
}

/**
 * A cancellation means "stop" to Temporal, and a cancelled attempt is not retried. One caused by
 * the worker stopping (SIGTERM, past the grace time) is instead reported as a retryable failure, so
 * Temporal hands the activity to the next worker at once, and that attempt resumes from the last
 * checkpoint. Any other error passes through unchanged.
 */
export function handOverOnShutdown(context: Pick<Context, 'cancellationSignal' | 'cancellationDetails'>, err: unknown): unknown {
  if (!cancelledByShutdown(context)) return err;
  return ApplicationFailure.retryable('the worker stopped during this attempt; the next attempt resumes from its last checkpoint', WORKER_SHUTDOWN_FAILURE);
}
