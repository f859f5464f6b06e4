import { Context } from '@temporalio/activity';
import type { RetentionPolicy, RetentionResult } from '../../contract/retention';
import type { Models } from '../../domain/models';
import { pruneHistory } from '../../domain/retention/prune-history';

/** History retention: one pass prunes membership changes and old runs (domain/retention/prune-history.ts). */
export function createRetentionActivities({ models }: { models: Models }) {
  return {
    /** Heartbeats after each segment, list and run, so a long first pass over years of history is not timed out. */
    async pruneHistory(policy: RetentionPolicy): Promise<RetentionResult> {
      return pruneHistory(models, policy, new Date(), () => Context.current().heartbeat());
    },
  };
}
