import { ACTIVE_RUN_STATUSES, isActiveRunStatus, PIPELINE_PAUSABLE_FROM, PIPELINE_RESUMABLE_FROM, pipelinePausedReason, runDurationMs } from '../../../domain/runs/run-status';
import { RUN_STATUSES } from '../../../domain/models/run';

describe('run status', () => {
  it('a queued, running or paused run is active; a finished one is not', () => {
    expect(RUN_STATUSES.filter(isActiveRunStatus)).toEqual(['queued', 'running', 'paused']);
    expect(ACTIVE_RUN_STATUSES).toEqual(['queued', 'running', 'paused']);
  });

  it('a run that never started has no duration; a started one counts from its first start', () => {
    const finishedAt = new Date('2026-01-01T00:01:00Z');
    expect(runDurationMs(null, finishedAt)).toBeNull();
    expect(runDurationMs(undefined, finishedAt)).toBeNull();
    expect(runDurationMs(new Date('2026-01-01T00:00:00Z'), finishedAt)).toBe(60_000);
  });

  it('a paused step names itself in its pipeline’s reason', () => {
    expect(pipelinePausedReason('crm-admin-sync', 'API reserve reached')).toBe('CRM Administration sync paused: API reserve reached');
    expect(pipelinePausedReason('list-sync', 'waiting')).toBe('List sync paused: waiting');
    expect(pipelinePausedReason('segment-refresh', 'x')).toBe('segment-refresh paused: x');
  });

  it('a finished pipeline keeps its final status whatever a late step reports', () => {
    for (const final of ['succeeded', 'failed', 'cancelled'] as const) {
      expect(PIPELINE_PAUSABLE_FROM).not.toContain(final);
      expect(PIPELINE_RESUMABLE_FROM).not.toContain(final);
    }
    expect(PIPELINE_RESUMABLE_FROM).toEqual(['paused']);
  });
});
