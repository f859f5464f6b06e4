import request from 'supertest';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { buildTestApp, type AppUnderTest } from '../../harness/app-under-test';
import { parsePrometheusText } from '../../harness/prometheus-text';

const TOKEN = 'metrics-token-0123456789';

describe("the API's /metrics", () => {
  let t: AppUnderTest;
  let connectionId: string;

  beforeAll(async () => {
    t = await buildTestApp('apimetrics', { metricsToken: TOKEN });
    const connection = await t.models.Connection.create(
      sealConnection({ name: 'Metrics org', loginUrl: 'https://login.salesforce.com', auth: { type: 'password', username: 'u', password: 'pw', securityToken: 't' } }, t.box),
    );
    connectionId = String(connection._id);
    const run = (kind: string, status: string, extra: Record<string, unknown> = {}) => ({ kind, status, connectionId, workflowId: `wf-${Math.random()}`, ...extra });
    await t.models.Run.create([
      run('crm-admin-sync', 'succeeded', { apiUsage: { used: 1_200, max: 15_000 }, createdAt: new Date(Date.now() - 60_000) }),
      run('crm-admin-sync', 'succeeded', { apiUsage: { used: 1_350, max: 15_000 } }),
      run('crm-admin-sync', 'failed'),
      run('segment-refresh', 'running'),
    ]);
    await t.models.SyncState.create({ _id: `${connectionId}:Contact`, connectionId, object: 'Contact', recordCount: 4_000 });
    await t.models.Segment.create({ listId: 'l1', connectionId, name: 'Big accounts', query: {}, memberCount: 321 });
  });
  afterAll(() => t?.close());

  it('refuses a scrape without the configured bearer token', async () => {
    await request(t.app).get('/metrics').expect(401);
    await request(t.app).get('/metrics').set('authorization', 'Bearer wrong-token-0123456789').expect(401);
  });

  it('reports runs in progress by kind and status, records per object, segment sizes and the last API usage, from the database', async () => {
    const res = await request(t.app).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const samples = parsePrometheusText(res.text);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('crm_sync_runs_in_progress', { kind: 'segment-refresh', status: 'running' })).toBe(1);
    // Finished runs are the finished counter's, not this gauge's.
    expect(samples.filter((s) => s.name === 'crm_sync_runs_in_progress').map((s) => s.labels)).toEqual([{ kind: 'segment-refresh', status: 'running' }]);
    expect(value('crm_sync_records', { connection_id: connectionId, object: 'Contact' })).toBe(4_000);
    expect(value('crm_sync_segment_members', { segment: 'Big accounts' })).toBe(321);
    expect(value('crm_sync_alerts_open')).toBe(0);
    // The latest admin sync's report, not the older one's.
    expect(value('crm_sync_crm_api_calls_used', { connection_id: connectionId })).toBe(1_350);
    expect(value('crm_sync_crm_api_calls_limit', { connection_id: connectionId })).toBe(15_000);
  });

  it('does not exist when no token is configured', async () => {
    const plain = await buildTestApp('apimetrics_off', { models: t.models });
    try {
      // Only the sign-in wall (401 or a redirect to /login) answers: no route, no metrics.
      const res = await request(plain.app).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
      expect({ ok: res.status === 200, metrics: res.text.includes('crm_sync_runs') }).toEqual({ ok: false, metrics: false });
    } finally {
      await plain.close();
    }
  });
});
