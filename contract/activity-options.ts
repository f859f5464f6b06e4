/**
 * The activity options every workflow shares, so a change to how hard we retry is one edit.
 * Retry options are not part of a workflow's history commands, so changing them never breaks
 * the replay of running executions.
 */

/** Attempts for an activity whose failures are transient (database, network): ten, then the workflow sees the error. */
export const STANDARD_MAXIMUM_ATTEMPTS = 10;

/** Run-document bookkeeping (mark running, record counts): quick writes, retried a few times. */
export const BOOKKEEPING_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: STANDARD_MAXIMUM_ATTEMPTS },
} as const;

/** Work that talks to the CRM or pages through data: backs off up to a minute between attempts. */
export const BACKOFF_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: STANDARD_MAXIMUM_ATTEMPTS,
} as const;

/** A pipeline step that failed: the pipeline fails with this type after running what it could. */
export const PIPELINE_STEP_FAILED_FAILURE = 'PipelineStepFailed';
