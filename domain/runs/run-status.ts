import type { RunKind, RunStatus } from '../models/run';

/** A run in one of these is not over: a second trigger of the same work joins it. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused'];

export function isActiveRunStatus(status: string): boolean {
  return (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);
}

/**
 * The minute a time falls in, stored beside `startedAt` and `finishedAt`: /metrics finds the runs
 * of the last minutes by equality on it, which FerretDB answers from an index (it scans the whole
 * collection for a range on a date).
 */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/** How long a run took, from its first start (not its creation: a queued run has not begun). */
export function runDurationMs(startedAt: Date | null | undefined, finishedAt: Date): number | null {
  return startedAt ? finishedAt.getTime() - startedAt.getTime() : null;
}

const STEP_NAMES: Partial<Record<RunKind, string>> = { 'crm-admin-sync': 'CRM Administration sync', 'list-sync': 'List sync' };

/** What a pipeline shows while one of its steps is paused: which step, and the step's own reason. */
export function pipelinePausedReason(stepKind: string, reason: string): string {
  return `${STEP_NAMES[stepKind as RunKind] ?? stepKind} paused: ${reason}`;
}

/**
 * The statuses a pipeline may move from when a step pauses or goes on again: a pipeline already
 * finished (or cancelled) keeps its final status whatever a late step reports.
 */
export const PIPELINE_PAUSABLE_FROM: readonly RunStatus[] = ['running', 'paused'];
export const PIPELINE_RESUMABLE_FROM: readonly RunStatus[] = ['paused'];
