/**
 * Names and payload types shared by workflows, the worker and the API. Pure: no imports with I/O,
 * so the workflow bundle can include it. Payloads hold ids and small summaries, never secrets.
 */
export const DEFAULT_TASK_QUEUE = 'crm-sync';

export interface ContactPullInput {
  connectionId: string;
  runId: string;
}

export interface PullCounts {
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ContactPullSummary {
  counts: PullCounts;
  apiCalls: number;
}

/** One pull of a connection's contacts at a time: the id is the conflict key. */
export function contactPullWorkflowId(connectionId: string): string {
  return `contact-pull/${connectionId}`;
}
