import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { uniqueName } from '../../harness/services';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 20, contacts: 10, accounts: 4, users: 2, opportunities: 2, campaigns: 1 };

/** Alerts: a failed run and stale CRM data raise one, the page banner shows it, the webhook gets it (retried), recovery resolves it. */
describe('alerts', () => {
  let f: ListFixture;
  let receiver: http.Server;
  let hookUrl: string;
  const received: { body: Record<string, unknown>; answered: number }[] = [];
  let failuresLeft = 2;

  const monitor = () => f.temporal.client.workflow.execute('monitorAlerts', { taskQueue: f.worker.taskQueue, workflowId: uniqueName('alerts'), args: [] });

  beforeAll(async () => {
    f = await startListFixture('alerts', { org: ORG, seed: 8 });
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const answered = failuresLeft-- > 0 ? 503 : 200;
        received.push({ body: JSON.parse(raw), answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?token=s3cret-token`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    await f?.close();
  });

  it('stores the webhook sealed and never shows it again; bad settings get a 400 naming the field', async () => {
    const bad = await f.admin.put('/api/v1/settings/alerts', { webhookUrl: 'ftp://example.com/x', staleAfterMinutes: 2 }).expect(400);
    expect(bad.body.error.message).toContain('webhookUrl');
    expect(bad.body.error.message).toContain('staleAfterMinutes');
    await f.marketer.put('/api/v1/settings/alerts', { staleAfterMinutes: 60 }).expect(403);
    const saved = await f.admin.put('/api/v1/settings/alerts', { webhookUrl: hookUrl, staleAfterMinutes: 60 }).expect(200);
    expect(saved.body).toEqual({ webhookConfigured: true, webhookHost: new URL(hookUrl).origin, staleAfterMinutes: 60 });
    const page = await f.admin.get('/alerts').expect(200);
    expect(page.text).not.toContain('s3cret-token');
    expect(JSON.stringify(await f.models.AlertSettings.findById('alerts').lean())).not.toContain('s3cret-token');
  });

  it('a failed run raises an alert shown in the page banner and sent to the webhook with retries; a successful retry resolves it', async () => {
    const { listId } = await f.importList({ name: 'Web leads', source: { kind: 'soql', object: 'Lead', where: "LeadSource = 'Web'" } });
    await f.models.MarketingList.updateOne({ _id: listId }, { $set: { 'source.where': "LeadSource = 'Web" } });
    const failed = await f.syncList(listId);
    expect(failed.status).toBe('failed');

    expect(await monitor()).toEqual({ delivered: 1, failed: 0 });
    expect(received.map((r) => r.answered)).toEqual([503, 503, 200]);
    expect(received[2].body).toMatchObject({ id: `run-failed:${failed.id}`, kind: 'run-failed', runId: failed.id, message: expect.stringContaining('no longer parses') });
    const alert = await f.models.Alert.findById(`run-failed:${failed.id}`).lean();
    expect(alert?.delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect((await f.admin.get('/').expect(200)).text).toContain('1 open alert');
    // A second pass neither raises nor sends it again.
    expect(await monitor()).toEqual({ delivered: 0, failed: 0 });
    expect(received).toHaveLength(3);

    await f.models.MarketingList.updateOne({ _id: listId }, { $set: { 'source.where': "LeadSource = 'Web'" } });
    expect((await f.syncList(listId)).status).toBe('succeeded');
    await monitor();
    expect((await f.models.Alert.findById(`run-failed:${failed.id}`).lean())?.resolvedAt).toBeInstanceOf(Date);
    expect((await f.admin.get('/').expect(200)).text).not.toContain('open alert');
    expect((await f.ops.get('/api/v1/alerts?state=resolved').expect(200)).body.alerts.map((a: { id: string }) => a.id)).toContain(`run-failed:${failed.id}`);
  });

  it('CRM data older than the threshold raises a data-stale alert, resolved once a sync brings it back', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await f.models.SyncState.updateMany({ connectionId: f.connectionId }, { $set: { lastSyncAt: twoHoursAgo } });
    expect(await monitor()).toEqual({ delivered: 1, failed: 0 });
    expect(received.at(-1)?.body).toMatchObject({ kind: 'data-stale', connectionId: f.connectionId, message: expect.stringContaining('older than 60 minutes') });
    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' }).expect(202);
    expect((await f.waitForRun(started.body.runId)).status).toBe('succeeded');
    await monitor();
    expect((await f.models.Alert.findById(`data-stale:${f.connectionId}`).lean())?.resolvedAt).toBeInstanceOf(Date);
  });
});
