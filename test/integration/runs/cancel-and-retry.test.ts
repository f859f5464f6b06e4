import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { syncStateKey } from '../../../domain/models/sync-state';
import { DEMO_CREDENTIALS } from '../../../sf-emulator';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg } from '../crm-admin-sync/sync-fixture';
import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';
import { expectConsistentAfterStop, snapshotOrg } from './consistency';

type LiveRun = RunJson & {
  trigger: string;
  triggeredBy: string | null;
  progress: { object?: string; phase?: string; percent: number | null; recordsPerSecond: number | null } | null;
  steps: { name: string; status: string; mode?: string }[];
};

// Enough Leads for several 200-record pages: the test cancels between two of them.
const ORG = { leads: 1000, contacts: 400, accounts: 40, users: 5, opportunities: 40, campaigns: 4 };

/** Cancel and retry through the JSON API, against a real worker, the emulated org and FerretDB. */
describe('cancelling and retrying runs', () => {
  let f: ListFixture;

  beforeAll(async () => {
    f = await startListFixture('run_ops', { org: ORG, seed: 31 });
    // Small pages and slow CRM answers make the sync long enough to stop in the middle of an object.
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { 'syncSettings.pageSize': 200 } });
  });
  afterAll(() => f?.close());

  it('cancel stops a long CRM Administration sync at a safe point with a consistent database; a retry completes it', async () => {
    const before = await snapshotOrg(f, SALESFORCE_OBJECTS);
    // Changes the running sync will meet: some stored before the cancel, some not.
    const leadIds = [...(before.get('Lead')?.keys() ?? [])].slice(0, 150);
    const contactIds = [...(before.get('Contact')?.keys() ?? [])].slice(0, 100);
    await f.org.sobject('Lead').update(leadIds.map((Id) => ({ Id, Title: 'Changed before the cancel' })), { allowRecursive: true });
    await f.org.sobject('Contact').update(contactIds.map((Id) => ({ Id, Title: 'Changed before the cancel' })), { allowRecursive: true });
    const leadWatermarkBefore = (await f.models.SyncState.findById(syncStateKey(f.connectionId, 'Lead')).lean())?.watermark;
    f.emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 300 });

    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'full' }).expect(202);
    const runId = started.body.runId as string;
    // Mid-Lead: at least one page stored, more to come.
    const live = await waitFor(
      'the sync to be part-way through Lead',
      async () => {
        const run = (await f.ops.get(`/api/v1/runs/${runId}`).expect(200)).body as LiveRun;
        return run.status === 'running' && run.progress?.object === 'Lead' && (run.counts.Lead?.fetched ?? 0) >= 200 ? run : undefined;
      },
      60_000,
    );
    // Live progress: a full pull knows its finish line (the record count of the last sync) and its pace.
    expect(live.progress).toMatchObject({ phase: 'full pull', percent: expect.any(Number), recordsPerSecond: expect.any(Number) });
    expect(live.progress?.percent).toBeGreaterThanOrEqual(Math.floor((200 / ORG.leads) * 100));
    expect(live.progress?.percent).toBeLessThan(100);
    const listed = await f.ops.get('/api/v1/runs?status=queued,running,paused').expect(200);
    expect(listed.body.runs.map((r: { id: string }) => r.id)).toContain(runId);
    const page = await f.ops.get('/runs').expect(200);
    expect(page.text).toMatch(new RegExp(`data-run-id="${runId}" data-status="running"[\\s\\S]*?data-field="progress">\\d+ %`));
    const runPage = await f.ops.get(`/runs/${runId}`).expect(200);
    expect(runPage.text).toContain('Cancel run');

    const cancel = await f.ops.post(`/api/v1/runs/${runId}/cancel`).expect(202);
    expect(cancel.body).toEqual({ runId, status: 'cancelling' });
    const cancelled = (await f.waitForRun(runId)) as LiveRun;
    f.emulator.faults.clear();
    expect(cancelled.status).toBe('cancelled');
    const stepStatus = Object.fromEntries(cancelled.steps.map((s) => [s.name, s.status]));
    expect(stepStatus).toMatchObject({ User: 'done', Account: 'done', Campaign: 'done', Lead: 'not finished', 'contact views': 'not finished' });
    // The Lead watermark stays where the last finished sync left it: pages stored since are redone, never skipped.
    expect((await f.models.SyncState.findById(syncStateKey(f.connectionId, 'Lead')).lean())?.watermark).toEqual(leadWatermarkBefore);
    await expectConsistentAfterStop(f, before, SALESFORCE_OBJECTS);
    const audit = await f.models.AuditEntry.findOne({ action: 'cancelled-run', 'target.id': runId }).lean();
    expect(audit?.details).toMatchObject({ runKind: 'crm-admin-sync', workflowId: `crm-admin-sync/${f.connectionId}` });

    // Cancelling it again: it has ended.
    const again = await f.ops.post(`/api/v1/runs/${runId}/cancel`).expect(409);
    expect(again.body.error.message).toContain('already ended (cancelled)');

    const retry = await f.ops.post(`/api/v1/runs/${runId}/retry`).expect(202);
    expect(retry.body).toEqual({ runId: expect.stringMatching(/^[0-9a-f]{24}$/), joined: false, retryOf: runId });
    const retried = (await f.waitForRun(retry.body.runId)) as LiveRun;
    expect(retried).toMatchObject({ status: 'succeeded', trigger: 'retry', options: { retryOf: runId, mode: 'incremental' } });
    const retriedAudit = await f.models.AuditEntry.findOne({ action: 'retried-run', 'target.id': retried.id }).lean();
    expect(retried.triggeredBy).toBe(retriedAudit?.actor?.name);
    expect(retried.triggeredBy).toBeTruthy();
    expect(retriedAudit?.details).toMatchObject({ retryOf: runId });
    // Objects the cancelled run finished are not pulled in full again; the ones it had not finished are.
    expect(retried.counts.User).toMatchObject({ mode: 'incremental' });
    expect(retried.counts.Account).toMatchObject({ mode: 'incremental' });
    expect(retried.counts.Lead).toMatchObject({ mode: 'full', reason: expect.stringContaining('did not finish') });
    expect(retried.counts.CampaignMember).toMatchObject({ mode: 'full' });
    await expectMongoEqualsOrg(f);
  });

  it('a failed list run is retried as a new run of the same mode, which succeeds', async () => {
    const { listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } });
    const connection = await f.models.Connection.findById(f.connectionId).lean();
    const goodAuth = connection?.auth;
    // The CRM refuses the stored password: the CRM Administration sync the list sync runs first fails.
    const wrong = sealConnection({ name: 'x', loginUrl: f.emulator.url, auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: 'wrong', securityToken: '' } }, f.box);
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { auth: wrong.auth } });
    const failed = await f.syncList(listId, { freshnessMinutes: 0 });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('CRM Administration sync');
    const page = await f.ops.get(`/runs/${failed.id}`).expect(200);
    expect(page.text).toContain('Retry run');

    await f.marketer.post(`/api/v1/runs/${failed.id}/retry`).expect(403);
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { auth: goodAuth } });
    const retry = await f.ops.post(`/api/v1/runs/${failed.id}/retry`).expect(202);
    const retried = (await f.waitForRun(retry.body.runId)) as LiveRun;
    expect(retried).toMatchObject({ status: 'succeeded', kind: 'list-sync', trigger: 'retry', options: { mode: 'sync', retryOf: failed.id } });
    expect(retried.steps.map((s) => [s.name, s.status])).toEqual([
      ['fresh CRM data', 'done'],
      ['pull', 'done'],
      ['push', 'done'],
    ]);
    // A run that succeeded is not retried; a list run cannot be re-run "full".
    expect((await f.ops.post(`/api/v1/runs/${retried.id}/retry`).expect(409)).body.error.message).toContain('only failed or cancelled runs are retried');
    const full = await f.ops.post(`/api/v1/runs/${failed.id}/retry`, { mode: 'full' }).expect(400);
    expect(full.body.error.details).toEqual([{ path: 'body.mode', message: expect.stringContaining('crm-admin-sync runs only') }]);
  });
});
