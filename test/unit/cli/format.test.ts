import { formatRun, formatRunsTable, formatStarted, progressText, table, type RunView } from '../../../scripts/cli/format';

const run = (over: Partial<RunView> = {}): RunView => ({
  id: 'r1',
  kind: 'crm-admin-sync',
  status: 'failed',
  trigger: 'manual',
  triggeredBy: 'ops user',
  connectionId: 'c1',
  listId: null,
  workflowId: 'crm-admin-sync/c1',
  options: { mode: 'full' },
  summary: [
    { label: 'fetched', value: 120 },
    { label: 'changed', value: 7 },
  ],
  steps: [{ name: 'User', status: 'done', mode: 'full', counts: [{ label: 'fetched', value: 4 }], durationMs: 1500 }],
  progress: null,
  apiCalls: 9,
  error: { message: 'INVALID_SESSION_ID: Session expired\nat line 2', type: null },
  createdAt: new Date('2024-05-01T10:00:00.000Z'),
  startedAt: new Date('2024-05-01T10:00:01.000Z'),
  finishedAt: new Date('2024-05-01T10:00:31.000Z'),
  durationMs: 30_000,
  elapsedMs: null,
  ...over,
});

describe('ops CLI output', () => {
  it('aligns table columns under their headers', () => {
    expect(table(['A', 'LONGER'], [['xyz', '1'], ['q', '22']]).split('\n')).toEqual(['A    LONGER', 'xyz  1', 'q    22']);
  });

  it('a runs table row shows status, kind, trigger, who, duration, counts and the first error line only', () => {
    const text = formatRunsTable([run()], 1);
    const [header, row] = text.split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+KIND\s+TRIGGER\s+BY\s+CREATED\s+DURATION\s+COUNTS\s+PROGRESS\s+FIRST ERROR$/);
    expect(row).toContain('failed');
    expect(row).toContain('ops user');
    expect(row).toContain('30.0 s');
    expect(row).toContain('120 fetched, 7 changed');
    expect(row).toContain('INVALID_SESSION_ID: Session expired');
    expect(row).not.toContain('at line 2');
  });

  it('says when more runs exist than were shown, and when none match', () => {
    expect(formatRunsTable([run()], 40)).toContain('1 of 40 runs shown');
    expect(formatRunsTable([], 0)).toBe('No runs match.');
  });

  it('live progress shows percent and rate for runs still going only', () => {
    const live = { percent: 42, recordsPerSecond: 130.5, object: 'Lead', phase: 'full pull' };
    expect(progressText(run({ status: 'running', progress: live }))).toBe('42 % 130.5/s');
    expect(progressText(run({ status: 'running', progress: { ...live, percent: null } }))).toBe('Lead 130.5/s');
    expect(progressText(run({ status: 'failed', progress: live }))).toBe('');
  });

  it('a run shows its facts and its steps', () => {
    const text = formatRun(run({ options: { mode: 'incremental', retryOf: 'r0' } }));
    expect(text).toMatch(/^Run\s+r1$/m);
    expect(text).toMatch(/^Kind\s+crm-admin-sync \(incremental\)$/m);
    expect(text).toMatch(/^Retry of\s+r0$/m);
    expect(text).toMatch(/^Error\s+INVALID_SESSION_ID/m);
    expect(text).toMatch(/^1\s+User\s+done\s+full\s+4 fetched\s+1.5 s$/m);
  });

  it('a started or joined run is told apart', () => {
    expect(formatStarted('Sync', { runId: 'r2', joined: false })).toBe('Sync started: run r2');
    expect(formatStarted('Sync', { runId: 'r2', joined: true, fullSyncQueued: true })).toContain('joined run r2 (the next sync will be a full one)');
  });

  it('a trigger queued behind a run that had started reading says so, and names both runs', () => {
    const text = formatStarted('List sync', { runId: 'r3', joined: false, queuedBehind: 'r1' });
    expect(text).toBe('Run r1 of the same work had already started reading; list sync queued behind it as run r3, which starts when it ends');
    expect(formatRun(run({ id: 'r3', status: 'queued', error: null, queuedBehind: 'r1' }))).toMatch(/Queued behind\s+run r1 \(starts when it ends\)/);
  });
});
