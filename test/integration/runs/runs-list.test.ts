import { Types } from 'mongoose';
import { createUser, signIn } from '../../harness/app-under-test';
import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';

type Listed = RunJson & { trigger: string; triggeredBy: string | null; listId: string | null; summary: { label: string; value: number }[] };

const ORG = { leads: 20, contacts: 40, accounts: 10, users: 3, opportunities: 8, campaigns: 2 };

/** The runs list (filters, counts summary) and the refusals of cancel and retry, through the JSON API and the pages. */
describe('runs list and run operations', () => {
  let f: ListFixture;
  let listId: string;
  let importRunId: string;
  let adminRunId: string;
  const otherConnectionId = new Types.ObjectId();
  const ids: Record<'scheduled' | 'otherConnection' | 'pipelineStep' | 'orphan', string> = { scheduled: '', otherConnection: '', pipelineStep: '', orphan: '' };

  /** Runs stored as other parts of the product would leave them: dated, scheduled, on another connection. */
  async function insertRun(doc: Record<string, unknown>): Promise<string> {
    const now = new Date();
    const [inserted] = await f.models.Run.insertMany({
      status: 'failed',
      connectionId: new Types.ObjectId(f.connectionId),
      listId: null,
      trigger: 'manual',
      options: {},
      counts: {},
      checkpoints: {},
      apiCalls: 0,
      createdAt: now,
      updatedAt: now,
      ...doc,
    });
    return String(inserted._id);
  }

  const listedIds = async (query: string) => ((await f.ops.get(`/api/v1/runs?${query}`).expect(200)).body.runs as Listed[]).map((r) => r.id).sort();

  beforeAll(async () => {
    f = await startListFixture('run_list', { org: ORG, seed: 8 });
    adminRunId = String((await f.models.Run.findOne({ kind: 'crm-admin-sync' }).lean())?._id);
    const imported = await f.importList({ name: 'All leads', source: { kind: 'all_leads' } });
    listId = imported.listId;
    importRunId = imported.run.id;
    ids.scheduled = await insertRun({
      kind: 'crm-admin-sync',
      workflowId: `crm-admin-sync/${f.connectionId}`,
      trigger: 'schedule',
      createdAt: new Date('2024-01-10T12:00:00Z'),
      startedAt: new Date('2024-01-10T12:00:01Z'),
      finishedAt: new Date('2024-01-10T12:00:31Z'),
      options: { mode: 'incremental' },
      counts: { User: { mode: 'incremental', fetched: 3, inserted: 1, updated: 1, unchanged: 1, deleted: 1, errors: 0 } },
      error: { message: 'INVALID_SESSION_ID: Session expired or invalid\nsecond line', type: 'CrmAuthenticationError' },
    });
    ids.otherConnection = await insertRun({ kind: 'crm-admin-sync', workflowId: `crm-admin-sync/${otherConnectionId}`, connectionId: otherConnectionId, status: 'succeeded' });
    ids.pipelineStep = await insertRun({ kind: 'segment-refresh', workflowId: 'segment-refresh/x', trigger: 'pipeline', counts: { members: 12 } });
    ids.orphan = await insertRun({ kind: 'crm-admin-sync', workflowId: `crm-admin-sync/${otherConnectionId}`, connectionId: otherConnectionId, status: 'running' });
  });
  afterAll(() => f?.close());

  it('filters by kind, status, trigger, connection and list', async () => {
    expect(await listedIds('kind=list-import')).toEqual([importRunId]);
    expect(await listedIds('status=failed')).toEqual([ids.scheduled, ids.pipelineStep].sort());
    expect(await listedIds('status=running,failed')).toEqual([ids.scheduled, ids.pipelineStep, ids.orphan].sort());
    expect(await listedIds('trigger=schedule')).toEqual([ids.scheduled]);
    expect(await listedIds(`connectionId=${otherConnectionId}`)).toEqual([ids.otherConnection, ids.orphan].sort());
    expect(await listedIds(`listId=${listId}`)).toEqual([importRunId]);
    expect(await listedIds(`kind=crm-admin-sync&connectionId=${f.connectionId}&status=succeeded`)).toEqual([adminRunId]);
  });

  it('filters by creation time: from is inclusive, a date as to includes that whole day', async () => {
    expect(await listedIds('from=2024-01-10&to=2024-01-10')).toEqual([ids.scheduled]);
    expect(await listedIds('to=2024-01-10T12:00:00Z')).toEqual([ids.scheduled]);
    expect(await listedIds('to=2024-01-10T11:59:59Z')).toEqual([]);
    expect(await listedIds('from=2024-01-11&to=2024-02-01')).toEqual([]);
    expect(await listedIds('from=2024-01-10T12:00:00%2B00:00&trigger=schedule')).toEqual([ids.scheduled]);
  });

  it('a bad filter is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['status=done', 'query.status.0'],
      ['kind=everything', 'query.kind'],
      ['trigger=cron', 'query.trigger'],
      ['connectionId=abc', 'query.connectionId'],
      ['listId=abc', 'query.listId'],
      ['from=yesterday', 'query.from'],
      ['to=2024-13-45', 'query.to'],
      ['from=2024-02-01&to=2024-01-01', 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await f.ops.get(`/api/v1/runs?${query}`);
      expect({ query, status: res.status, paths: (res.body.error?.details ?? []).map((d: { path: string }) => d.path) }).toEqual({ query, status: 400, paths: [path] });
    }
    expect((await f.ops.get('/api/v1/runs?connection=x').expect(400)).body.error.message).toContain("'connection'");
    await f.ops.get('/runs?from=yesterday').expect(400);
  });

  it('each run shows who triggered it, its duration and a counts summary for its kind', async () => {
    const runs = (await f.ops.get('/api/v1/runs?perPage=50').expect(200)).body.runs as (Listed & { durationMs: number | null })[];
    const byId = new Map(runs.map((r) => [r.id, r]));
    expect(byId.get(ids.scheduled)).toMatchObject({ trigger: 'schedule', durationMs: 30_000, summary: [{ label: 'fetched', value: 3 }, { label: 'changed', value: 3 }] });
    const imported = byId.get(importRunId);
    expect(imported?.summary.map((s) => s.label)).toEqual(['joined', 'left', 'updated', 'pushed']);
    expect(imported?.summary[0]?.value).toBe(ORG.leads);
    expect(imported?.triggeredBy).toBeTruthy();
    expect(byId.get(ids.pipelineStep)?.summary).toEqual([]);

    const page = await f.ops.get('/runs?perPage=50').expect(200);
    const row = (id: string) => page.text.slice(page.text.indexOf(`data-run-id="${id}"`), page.text.indexOf('</tr>', page.text.indexOf(`data-run-id="${id}"`)));
    expect(row(ids.scheduled)).toContain('3 fetched · 3 changed');
    expect(row(ids.scheduled)).toContain('INVALID_SESSION_ID: Session expired or invalid</td>');
    expect(row(ids.scheduled)).toContain('30.0 s');
    expect(row(importRunId)).toContain(`${ORG.leads} joined · 0 left · 0 updated · 0 pushed`);
    expect(row(importRunId)).toContain('All leads');
    const filtered = await f.ops.get(`/runs?trigger=schedule&from=2024-01-01`).expect(200);
    expect(filtered.text).toContain(`data-run-id="${ids.scheduled}"`);
    expect(filtered.text).not.toContain(`data-run-id="${importRunId}"`);
  });

  it('cancel is refused for a run that has ended (409), for a run its workflow is not carrying (409), and to marketers (403)', async () => {
    const ended = await f.ops.post(`/api/v1/runs/${adminRunId}/cancel`).expect(409);
    expect(ended.body.error.message).toBe(`run ${adminRunId} has already ended (succeeded); only queued, running or paused runs can be cancelled`);
    const orphan = await f.ops.post(`/api/v1/runs/${ids.orphan}/cancel`).expect(409);
    expect(orphan.body.error.message).toContain('is not being run by workflow');
    await f.marketer.post(`/api/v1/runs/${ids.orphan}/cancel`).expect(403);
    await f.marketer.post(`/api/v1/runs/${ids.scheduled}/retry`).expect(403);
    await f.ops.post('/api/v1/runs/64b0000000000000000000aa/cancel').expect(404);
    expect(await f.models.AuditEntry.countDocuments({ action: 'cancelled-run' })).toBe(0);
  });

  it('a run naming no work to redo is a 409 saying so; a bad body is a 400 naming the field', async () => {
    const res = await f.ops.post(`/api/v1/runs/${ids.pipelineStep}/retry`).expect(409);
    expect(res.body.error.message).toContain('names no segment to refresh again');
    const typo = await f.ops.post(`/api/v1/runs/${ids.scheduled}/retry`, { mode: 'incremental' }).expect(400);
    expect(typo.body.error.details).toEqual([{ path: 'body.mode', message: expect.stringContaining("'full'") }]);
  });

  it('the run page offers retry and a full re-run to ops only; the form retries and shows the new run', async () => {
    const t = f.app;
    const ops = await signIn(t.app, await createUser(f.models, 'ops'));
    const marketer = await signIn(t.app, await createUser(f.models, 'marketer'));
    const opsPage = await ops.agent.get(`/runs/${ids.scheduled}`).expect(200);
    expect(opsPage.text).toContain('Retry run');
    expect(opsPage.text).toContain('Re-run as full sync');
    expect(opsPage.text).toContain('Carries on from the watermarks');
    const marketerPage = await marketer.agent.get(`/runs/${ids.scheduled}`).expect(200);
    expect(marketerPage.text).not.toContain('Retry run');
    await marketer.agent.post(`/runs/${ids.scheduled}/retry`).type('form').send({ _csrf: marketer.csrf }).expect(403);

    const posted = await ops.agent.post(`/runs/${ids.scheduled}/retry`).type('form').send({ _csrf: ops.csrf }).expect(302);
    const newRunId = String(posted.headers.location).split('/').pop() as string;
    expect(newRunId).not.toBe(ids.scheduled);
    const run = (await f.waitForRun(newRunId)) as Listed;
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'retry', options: { retryOf: ids.scheduled } });
    const shown = await ops.agent.get(`/runs/${newRunId}`).expect(200);
    expect(shown.text).toContain(`Retry started (retry of run ${ids.scheduled})`);
    expect(shown.text).toContain(`href="/runs/${ids.scheduled}"`);

    // A full re-run may follow a run that succeeded.
    const full = await f.ops.post(`/api/v1/runs/${newRunId}/retry`, { mode: 'full' }).expect(202);
    const fullRun = (await f.waitForRun(full.body.runId)) as Listed;
    expect(fullRun).toMatchObject({ status: 'succeeded', trigger: 'retry', options: { mode: 'full', retryOf: newRunId } });
    expect(Object.values(fullRun.counts).every((c) => (c as { mode?: string }).mode === 'full')).toBe(true);
    // A finished run's page offers no cancel.
    expect((await ops.agent.get(`/runs/${fullRun.id}`).expect(200)).text).not.toContain('Cancel run');
  });

  it('a Salesforce run shows the daily API allowance the CRM reported; its JSON says the CRM reports one', async () => {
    const id = await insertRun({ kind: 'crm-admin-sync', workflowId: `crm-admin-sync/${f.connectionId}`, status: 'succeeded', apiCalls: 12, apiUsage: { used: 1234, max: 15000 } });
    const json = (await f.ops.get(`/api/v1/runs/${id}`).expect(200)).body;
    expect(json).toMatchObject({ apiCalls: 12, apiUsage: { used: 1234, max: 15000 }, apiAllowance: { reportedByCrm: true, text: '1,234 of 15,000 used today', rateLimitWaits: null } });
    const page = await f.ops.get(`/runs/${id}`).expect(200);
    expect(page.text).toContain('daily usage 1,234 of 15,000');
    expect(page.text).not.toContain('Daily API allowance');
    expect(page.text).not.toContain('Rate-limit waits');
    // A run of a connection that is gone names no CRM's allowance.
    expect((await f.ops.get(`/api/v1/runs/${ids.orphan}`).expect(200)).body.apiAllowance).toBeNull();
  });
});
