import { startCrmAdminSync } from '../../../api/services/run-starter';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { startTestWorker, type RunningTestWorker } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';

type TriggerAnswer = { runId: string; joined: boolean; queuedBehind?: string };
type LiveRun = RunJson & { progress: { object?: string } | null; readingStartedAt: string | null; queuedBehind: string | null; followUpRunId: string | null; startedAt: string | null; finishedAt: string | null };

// Several 200-record pages of Leads behind slow CRM answers: a full sync reads long enough to trigger into.
const ORG = { leads: 1000, contacts: 300, accounts: 30, users: 4, opportunities: 30, campaigns: 3 };

/** What "Sync now" promises: the run a trigger gets (or is queued for) reads the CRM after the trigger. */
describe('a trigger during a run gets a run that reads after it', () => {
  let f: ListFixture;

  beforeAll(async () => {
    f = await startListFixture('trigger_follow_up', { org: ORG, seed: 41 });
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { 'syncSettings.pageSize': 200 } });
  });
  afterAll(() => f?.close());
  afterEach(() => f.emulator.faults.clear());

  const run = async (runId: string) => (await f.ops.get(`/api/v1/runs/${runId}`).expect(200)).body as LiveRun;
  const storedFields = async (object: 'Lead' | 'Account', crmId: string) => (await f.models.crmRecords[object].findOne({ connectionId: f.connectionId, crmId }).lean())?.fields;

  /** Starts a full sync and waits until it is part-way through Lead (at least one page stored). */
  async function fullSyncReadingLeads(): Promise<string> {
    f.emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 250 });
    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'full' }).expect(202);
    const runId = started.body.runId as string;
    await waitFor('the full sync to be reading Lead', async () => {
      const live = await run(runId);
      return live.status === 'running' && live.progress?.object === 'Lead' && (live.counts.Lead?.fetched ?? 0) >= 200 ? live : undefined;
    });
    return runId;
  }

  it('an edit made in the CRM while a full sync reads that object, followed by a trigger, is in MongoDB when the queued run finishes', async () => {
    const firstRunId = await fullSyncReadingLeads();
    // A CRM user edits a Lead the sync has already stored, and an Account (an object it has finished).
    const leadId = (await f.models.crmRecords.Lead.findOne({ connectionId: f.connectionId }, { crmId: 1 }).lean())?.crmId as string;
    const accountId = (await f.models.crmRecords.Account.findOne({ connectionId: f.connectionId }, { crmId: 1 }).lean())?.crmId as string;
    await f.org.sobject('Lead').update({ Id: leadId, Title: 'Edited during the sync' });
    await f.org.sobject('Account').update({ Id: accountId, Name: 'Renamed during the sync' });

    const answer = (await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' }).expect(202)).body as TriggerAnswer;
    expect(answer).toEqual({ runId: expect.any(String), joined: false, queuedBehind: firstRunId });
    expect(answer.runId).not.toBe(firstRunId);
    // The run page says which: queued behind the run in progress, which names its follow-up.
    const queuedPage = await f.ops.get(`/runs/${answer.runId}`).expect(200);
    expect(queuedPage.text).toContain('id="run-queued-behind"');
    expect(queuedPage.text).toContain(`/runs/${firstRunId}`);
    expect((await f.ops.get(`/runs/${firstRunId}`).expect(200)).text).toContain(`/runs/${answer.runId}`);
    f.emulator.faults.clear();

    const first = (await f.waitForRun(firstRunId)) as LiveRun;
    const followUp = (await f.waitForRun(answer.runId)) as LiveRun;
    expect(first).toMatchObject({ status: 'succeeded', followUpRunId: answer.runId });
    expect(followUp).toMatchObject({ status: 'succeeded', queuedBehind: firstRunId, options: { mode: 'incremental' } });
    // The follow-up started reading only after the run it was queued behind had finished.
    expect(new Date(followUp.readingStartedAt as string).getTime()).toBeGreaterThanOrEqual(new Date(first.finishedAt as string).getTime());
    expect((await storedFields('Lead', leadId))?.Title).toBe('Edited during the sync');
    expect((await storedFields('Account', accountId))?.Name).toBe('Renamed during the sync');
  });

  it('twenty triggers during one run produce one follow-up run, which every trigger is told', async () => {
    const firstRunId = await fullSyncReadingLeads();
    const runsBefore = await f.models.Run.countDocuments({ connectionId: f.connectionId, kind: 'crm-admin-sync' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const followUpIds = new Set(answers.map((a) => (a.body as TriggerAnswer).runId));
    expect(followUpIds.size).toBe(1);
    const [followUpId] = [...followUpIds];
    for (const a of answers) expect(a.body).toEqual({ runId: followUpId, joined: false, queuedBehind: firstRunId });
    // The other nineteen prepared run documents are gone: one follow-up, nothing else queued.
    expect(await f.models.Run.countDocuments({ connectionId: f.connectionId, kind: 'crm-admin-sync' })).toBe(runsBefore + 1);
    f.emulator.faults.clear();

    expect((await f.waitForRun(firstRunId)).status).toBe('succeeded');
    expect((await f.waitForRun(followUpId)).status).toBe('succeeded');
    expect(await f.models.Run.countDocuments({ connectionId: f.connectionId, kind: 'crm-admin-sync' })).toBe(runsBefore + 1);
  });

  it('a trigger before the run starts reading joins it; cancelling a run cancels the follow-up queued behind it', async () => {
    const firstRunId = await fullSyncReadingLeads();
    const answer = (await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' }).expect(202)).body as TriggerAnswer;
    expect(answer.queuedBehind).toBe(firstRunId);
    await f.ops.post(`/api/v1/runs/${firstRunId}/cancel`).expect(202);
    expect((await f.waitForRun(firstRunId)).status).toBe('cancelled');
    const followUp = await f.waitForRun(answer.runId);
    expect(followUp).toMatchObject({ status: 'cancelled', error: { message: 'Cancelled with the run it was queued behind' } });

    // A run whose workflow has not started reading (no worker polls its queue here) is joined, not queued behind.
    const idle = { models: f.models, temporal: f.temporal.client, taskQueue: `${f.worker.taskQueue}-idle` };
    const waiting = await startCrmAdminSync(idle, f.connectionId, { mode: 'incremental' });
    expect(waiting).toEqual({ runId: expect.any(String), joined: false });
    const joined = await startCrmAdminSync(idle, f.connectionId, { mode: 'incremental' });
    expect(joined).toEqual({ runId: waiting.runId, joined: true });
    await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).terminate('test over');
    await f.models.Run.deleteOne({ _id: waiting.runId });
  });

  it('a follow-up requested before a worker crash still starts when the run resumes on another worker', async () => {
    const firstRunId = await fullSyncReadingLeads();
    const answer = (await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' }).expect(202)).body as TriggerAnswer;
    expect(answer.queuedBehind).toBe(firstRunId);
    // The worker goes away mid-run; another one on the same queue picks the run up from its checkpoint.
    const original = f.worker;
    await original.stop();
    f.emulator.faults.clear();
    const replacement: RunningTestWorker = await startTestWorker(f.models, f.box, original.taskQueue);
    // The fixture stops its worker when it closes: from now on that is the replacement.
    original.stop = () => replacement.stop();
    expect((await f.waitForRun(firstRunId, 180_000)).status).toBe('succeeded');
    const followUp = (await f.waitForRun(answer.runId, 120_000)) as LiveRun;
    expect(followUp).toMatchObject({ status: 'succeeded', queuedBehind: firstRunId });
  });
});
