import { runSteps, runSummary } from '../../../api/presenters/run-steps';

describe('run steps and summaries read each kind’s typed counts', () => {
  it('an admin sync shows each object, finished once its watermark moved, then the contact views', () => {
    const counts = { Account: { mode: 'full', fetched: 3, inserted: 2, updated: 1, watermarkAfter: null }, Lead: { mode: 'incremental', fetched: 1 } };
    const steps = runSteps({ kind: 'crm-admin-sync', status: 'running', options: {}, counts, progress: { phase: 'incremental pull', object: 'Lead' }, contactViews: null });
    expect(steps.map((s) => [s.name, s.status])).toEqual([['Account', 'done'], ['Lead', 'running'], ['contact views', 'pending']]);
    expect(runSummary('crm-admin-sync', counts)).toEqual([{ label: 'fetched', value: 4 }, { label: 'changed', value: 3 }]);
  });

  it('a list sync shows fresh data, pull and push; a push retry skips the first two', () => {
    const counts = { dataAsOf: '2026-01-01T00:00:00.000Z', pull: { joined: 2, left: 1, updated: 0, unchanged: 5, members: 6 }, push: { pushed: 3, failed: 0, calls: 1 } };
    const sync = runSteps({ kind: 'list-sync', status: 'succeeded', options: { mode: 'sync' }, counts, progress: null, contactViews: null });
    expect(sync.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const retry = runSteps({ kind: 'list-sync', status: 'failed', options: { mode: 'retry-push' }, counts: {}, progress: null, contactViews: null });
    expect(retry.map((s) => s.status)).toEqual(['skipped', 'skipped', 'not finished']);
    expect(runSummary('list-sync', counts).map((c) => c.value)).toEqual([2, 1, 0, 3]);
  });

  it('a pipeline shows its recorded DAG; a kind without steps shows none', () => {
    const steps = [{ id: 'crm-admin-sync', kind: 'crm-admin-sync', label: 'CRM Administration sync', dependsOn: [], status: 'succeeded' }];
    expect(runSteps({ kind: 'sync-pipeline', status: 'running', options: {}, counts: { steps }, progress: null, contactViews: null })).toEqual([
      { name: 'CRM Administration sync', status: 'succeeded', counts: [], durationMs: null },
    ]);
    expect(runSteps({ kind: 'score-recompute', status: 'succeeded', options: {}, counts: {}, progress: null, contactViews: null })).toEqual([]);
    expect(runSummary('segment-refresh', { count: 3 })).toEqual([]);
  });
});
