import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** The crm-sync ids an activity input may name; every activity that works on one takes an object input. */
const DOMAIN_IDS = ['runId', 'connectionId', 'listId', 'segmentId', 'programId'] as const;

function domainIdsOf(args: readonly unknown[]): Record<string, string> {
  const input = args[0];
  if (!input || typeof input !== 'object') return {};
  const ids: Record<string, string> = {};
  for (const key of DOMAIN_IDS) {
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === 'string') ids[key] = value;
  }
  return ids;
}

/**
 * Every log line about an activity attempt (the SDK's own, and the activity context logger's)
 * carries, besides the SDK's workflowId, activityType and attempt, the run and connection it works
 * on: an operator follows one run's lines with a single filter.
 */
export const logActivityDomainIds: ActivityInterceptorsFactory = () => {
  let ids: Record<string, string> = {};
  return {
    inbound: {
      execute(input, next) {
        ids = domainIdsOf(input.args);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(attributes, next) {
        return next({ ...attributes, ...ids });
      },
    },
  };
};
