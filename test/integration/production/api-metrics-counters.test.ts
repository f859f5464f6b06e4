import request from 'supertest';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { pruneHistory } from '../../../domain/retention/prune-history';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { parsePrometheusText, type PrometheusSample } from '../../harness/prometheus-text';
import { connectTemporalClient, startTestWorker, type RunningTestWorker } from '../../harness/services';

const TOKEN = 'metrics-token-0123456789';
const ORG = { leads: 20, contacts: 30, accounts: 10, users: 2, opportunities: 6, campaigns: 2 };

/** The value of one sample (0 when absent: a counter that never moved is not exposed yet). */
function valueOf(samples: PrometheusSample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe("the API's /metrics counters of work done", () => {
  let t: AppUnderTest;
  let emulator: RunningEmulator;
  let worker: RunningTestWorker;
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>>;
  const scrape = async () => parsePrometheusText((await request(t.app).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200)).text);

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, org: ORG });
    t = await buildTestApp('apimetriccounters', { metricsToken: TOKEN });
    worker = await startTestWorker(t.models, t.box);
    temporal = await connectTemporalClient();
  });
  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
    await t?.close();
    await emulator?.close();
  });

  it('count a real admin sync: one run started and finished, its duration, the records it fetched and wrote, and its CRM API calls', async () => {
    const connection = await t.models.Connection.create(
      sealConnection(
        { name: 'Counted org', loginUrl: emulator.url, auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken } },
        t.box,
      ),
    );
    const connectionId = String(connection._id);
    const before = await scrape();
    const callsBefore = emulator.stats.apiCalls;

    const { runId } = await startCrmAdminSync({ models: t.models, temporal: temporal.client, taskQueue: worker.taskQueue }, connectionId, { mode: 'full' });
    await temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId)).result();
    const callsOfTheSync = emulator.stats.apiCalls - callsBefore;
    const run = await t.models.Run.findById(runId).lean();
    expect(run?.status).toBe('succeeded');
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);

    const kind = { kind: 'crm-admin-sync' };
    expect(moved('crm_sync_runs_started_total', kind)).toBe(1);
    expect(moved('crm_sync_runs_finished_total', { ...kind, status: 'succeeded' })).toBe(1);
    expect(moved('crm_sync_runs_finished_total', { ...kind, status: 'failed' })).toBe(0);
    expect(moved('crm_sync_run_duration_seconds_count', kind)).toBe(1);
    expect(moved('crm_sync_run_duration_seconds_sum', kind)).toBeCloseTo((run?.durationMs ?? NaN) / 1000, 3);
    expect(moved('crm_sync_run_duration_seconds_bucket', { ...kind, le: '+Inf' })).toBe(1);

    // Every synced object, as the emulated org holds it: a first full sync fetches and inserts each record once.
    const objects = Object.keys(run?.counts ?? {});
    expect(objects).toEqual(expect.arrayContaining(['Lead', 'Contact', 'Account', 'User', 'Opportunity', 'Campaign']));
    const perObject = (name: string, extra: Record<string, string> = {}) =>
      Object.fromEntries(objects.map((object) => [object, moved(name, { connection_id: connectionId, object, ...extra })]));
    const inOrg = Object.fromEntries(objects.map((object) => [object, emulator.store.list(object).length]));
    expect(perObject('crm_sync_records_fetched_total')).toEqual(inOrg);
    expect(perObject('crm_sync_records_written_total', { change: 'inserted' })).toEqual(inOrg);
    expect(perObject('crm_sync_records_written_total', { change: 'deleted' })).toEqual(Object.fromEntries(objects.map((o) => [o, 0])));

    expect(callsOfTheSync).toBeGreaterThan(0);
    expect(moved('crm_sync_crm_api_calls_total', { connection_id: connectionId })).toBe(callsOfTheSync);
  });

  it('count alerts as they are raised, by kind', async () => {
    const before = await scrape();
    const alert = (id: string) => ({ _id: id, kind: 'run-failed', connectionId: 'c1', runId: id, message: 'failed', raisedAt: new Date(), resolvedAt: new Date() });
    await t.models.Alert.create([alert('run-failed:a'), alert('run-failed:b')]);
    const after = await scrape();
    expect(valueOf(after, 'crm_sync_alerts_fired_total', { kind: 'run-failed' }) - valueOf(before, 'crm_sync_alerts_fired_total', { kind: 'run-failed' })).toBe(2);
  });

  it("time each request through this process's admission gate", async () => {
    const { agent } = await signIn(t.app, await createUser(t.models, 'admin'));
    const before = await scrape();
    // An export goes through the gate (admitted at once: nothing else runs), whatever the list's answer.
    await agent.get('/lists/64b0000000000000000000aa/members.csv');
    await agent.get('/lists/64b0000000000000000000ab/members.csv');
    const after = await scrape();
    const admitted = (samples: PrometheusSample[], name: string, labels: Record<string, string> = {}) => valueOf(samples, name, { outcome: 'admitted', ...labels });
    expect(admitted(after, 'crm_sync_admission_wait_seconds_count') - admitted(before, 'crm_sync_admission_wait_seconds_count')).toBe(2);
    expect(admitted(after, 'crm_sync_admission_wait_seconds_bucket', { le: '0.01' }) - admitted(before, 'crm_sync_admission_wait_seconds_bucket', { le: '0.01' })).toBe(2);
  });

  it('never go down when retention deletes the runs they counted', async () => {
    // A database of its own: these runs finished an hour ago, before the tally the other tests' scrapes folded.
    const fresh = await buildTestApp('apimetricretention', { metricsToken: TOKEN });
    try {
      const scrapeFresh = async () => parsePrometheusText((await request(fresh.app).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200)).text);
      const hourAgo = new Date(Date.now() - 3_600_000);
      const old = new Date(Date.now() - 400 * 86_400_000);
      const connectionId = '64b0000000000000000000c1';
      const oldRun = (status: string) => ({ kind: 'segment-refresh', status, connectionId, workflowId: `wf-${Math.random()}`, createdAt: old, startedAt: hourAgo, finishedAt: hourAgo, durationMs: 1_500 });
      await fresh.models.Run.create([oldRun('succeeded'), oldRun('succeeded'), oldRun('failed')]);
      const counted = await scrapeFresh();
      const finished = (samples: PrometheusSample[]) => valueOf(samples, 'crm_sync_runs_finished_total', { kind: 'segment-refresh', status: 'succeeded' });
      expect(finished(counted)).toBe(2);
      expect(valueOf(counted, 'crm_sync_segment_refresh_duration_seconds_count')).toBe(3);
      expect(valueOf(counted, 'crm_sync_segment_refresh_duration_seconds_bucket', { le: '1' })).toBe(0);
      expect(valueOf(counted, 'crm_sync_segment_refresh_duration_seconds_bucket', { le: '2.5' })).toBe(3);

      const result = await pruneHistory(fresh.models, { changeDays: 90, keepRefreshes: 20, runDays: 365 });
      expect(result.runs).toBe(3);
      expect(await fresh.models.Run.countDocuments({ kind: 'segment-refresh' })).toBe(0);
      const afterRetention = await scrapeFresh();
      expect(finished(afterRetention)).toBe(2);
      expect(valueOf(afterRetention, 'crm_sync_segment_refresh_duration_seconds_count')).toBe(3);
    } finally {
      await fresh.close();
    }
  });
});
