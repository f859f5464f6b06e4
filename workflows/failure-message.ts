import { ActivityFailure, ChildWorkflowFailure } from '@temporalio/workflow';

/**
 * The words a run's error shows: the innermost cause's message, under the activity and child
 * workflow wrappers Temporal puts around it (whose own messages say only "Activity task failed").
 */
export function describeFailure(err: unknown): string {
  let cause: unknown = err;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}
