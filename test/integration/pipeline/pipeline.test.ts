import { reregisterSchedules } from '../../../domain/schedules/target-schedules';
import { deleteSchedule, describeSchedule } from '../../../domain/schedules/schedule-client';
import { connectionScheduleId } from '../../../contract';
import { startTestWorker } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg } from '../crm-admin-sync/sync-fixture';
import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';

const ORG = { leads: 40, contacts: 60, accounts: 12, users: 3, opportunities: 10, campaigns: 2 };
const AUTOMATIC_EVERY_MS = 2_000;

type Step = { id: string; kind: string; status: string; runId?: string; note?: string; dependsOn: string[] };

/** The ordered pipeline: admin sync → programs → list syncs → segments, as one run with a recorded DAG. */
describe('sync pipeline', () => {
  let f: ListFixture;
  let campaignListId: string;
  let contactsListId: string;
  let webLeadsListId: string;
  const store = () => f.emulator.store;
  const stepsOf = (run: RunJson) => run.counts.steps as Step[];

  async function runPipeline(): Promise<RunJson> {
    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/pipeline-runs`, {}).expect(202);
    return f.waitForRun(started.body.runId, 120_000);
  }

  beforeAll(async () => {
    f = await startListFixture('pipeline', { org: ORG, seed: 31 }, { scheduleSpecOptions: { automaticEveryMs: AUTOMATIC_EVERY_MS } });
    const campaignId = String(store().list('Campaign')[0].Id);
    campaignListId = (await f.importList({ name: 'Campaign', source: { kind: 'campaign', campaignId } })).listId;
    contactsListId = (await f.importList({ name: 'Contacts', source: { kind: 'all_contacts' } })).listId;
    webLeadsListId = (await f.importList({ name: 'Web leads', source: { kind: 'soql', object: 'Lead', where: "LeadSource = 'Web'" } })).listId;
  });
  afterAll(async () => {
    await deleteSchedule(f.temporal.client, connectionScheduleId(f.connectionId));
    await f?.close();
  });

  it('runs the admin sync, then the list syncs (pull, push), and records the DAG and the order in its run documents', async () => {
    // The CRM changes, and scores change here: the pipeline must carry both.
    const contact = store().list('Contact')[0];
    await f.org.sobject('Contact').update({ Id: String(contact.Id), FirstName: 'Pipelined' });
    const scored = (await f.models.ListMember.find({ listId: contactsListId, crmId: { $ne: String(contact.Id) } }).limit(5).lean()).map((m) => m.crmId);
    for (const [i, id] of scored.entries()) await f.models.ListMember.updateOne({ listId: contactsListId, crmId: id }, { $set: { 'values.behaviorScore': 700 + i } });

    // A program on the Contacts list scores the renamed contact; it must run after the admin sync
    // (its condition reads the CRM's new name) and before the list sync (which pushes its score).
    const program = await f.marketer
      .post('/api/v1/programs', {
        listId: contactsListId,
        name: 'Score the pipelined',
        steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: 42 }, when: { all: [{ object: 'Member', field: 'FirstName', op: 'equals', value: 'pipelined' }] } }],
      })
      .expect(201);
    const programId = program.body.id as string;

    const run = await runPipeline();
    expect(run).toMatchObject({ status: 'succeeded', kind: 'sync-pipeline' });
    const steps = stepsOf(run);
    // Lists come in name order: Campaign, Contacts, Web leads.
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['crm-admin-sync', 'succeeded'],
      [`program:${programId}`, 'succeeded'],
      ...[campaignListId, contactsListId, webLeadsListId].map((id) => [`list:${id}`, 'succeeded']),
    ]);
    expect(steps.find((s) => s.id === `list:${contactsListId}`)?.dependsOn).toEqual([`program:${programId}`]);
    expect(steps.find((s) => s.id === `list:${campaignListId}`)?.dependsOn).toEqual(['crm-admin-sync']);
    const programRun = await f.models.Run.findById(steps[1].runId).lean();
    expect((programRun?.startedAt as Date).getTime()).toBeGreaterThanOrEqual((await f.models.Run.findById(steps[0].runId).lean())?.finishedAt?.getTime() ?? Infinity);
    expect(store().get('Contact', String(contact.Id))?.Behavior_Score__c).toBe(42);

    // Order: every list sync started after the admin sync (and its programs) finished, and none ran its own admin sync.
    const admin = await f.models.Run.findById(steps[0].runId).lean();
    for (const s of steps.filter((x) => x.kind === 'list-sync')) {
      const listRun = await f.models.Run.findById(s.runId).lean();
      expect(listRun).toMatchObject({ trigger: 'pipeline', status: 'succeeded', options: expect.objectContaining({ pipelineRunId: run.id }) });
      expect((listRun?.startedAt as Date).getTime()).toBeGreaterThanOrEqual((admin?.finishedAt as Date).getTime());
      if (s.id === `list:${contactsListId}`) expect((listRun?.startedAt as Date).getTime()).toBeGreaterThanOrEqual((programRun?.finishedAt as Date).getTime());
      expect((listRun?.options as { adminSyncRunId?: string }).adminSyncRunId).toBeUndefined();
    }

    // The same final state as running the steps by hand: the local copy equals the org, lists carry the change, scores are pushed.
    // (Contacts the push just wrote carry a newer SystemModstamp in the CRM until the next admin sync reads it.)
    await expectMongoEqualsOrg(f, ['Lead', 'CampaignMember']);
    const local = await f.models.crmRecords.Contact.findOne({ crmId: String(contact.Id) }).lean();
    expect(local?.fields.FirstName).toBe('Pipelined');
    const member = await f.models.ListMember.findOne({ listId: contactsListId, crmId: String(contact.Id) }).lean();
    expect(member?.values.firstName).toBe('Pipelined');
    for (const [i, id] of scored.entries()) expect(store().get('Contact', id)?.Behavior_Score__c).toBe(700 + i);
  });

  it('a failing list sync leaves the other lists synced, shows the failure, and retrying the failed step alone completes the pipeline', async () => {
    const query = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };
    const webSegment = (await f.marketer.post('/api/v1/segments', { listId: webLeadsListId, name: 'Web leads with email', query }).expect(201)).body.id as string;
    const contactSegment = (await f.marketer.post('/api/v1/segments', { listId: contactsListId, name: 'Contacts with email', query }).expect(201)).body.id as string;
    const clause = "LeadSource = 'Web'";
    await f.models.MarketingList.updateOne({ _id: webLeadsListId }, { $set: { 'source.where': "LeadSource = 'Web" } });
    const lead = store().list('Lead').find((l) => l.LeadSource !== 'Web');
    await f.org.sobject('Lead').update({ Id: String(lead?.Id), LeadSource: 'Web' });
    await f.org.sobject('Contact').update({ Id: String(store().list('Contact')[1].Id), FirstName: 'Second wave' });

    const failed = await runPipeline();
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('List sync: Web leads failed');
    const steps = stepsOf(failed);
    expect(steps.find((s) => s.id === `list:${webLeadsListId}`)).toMatchObject({ status: 'failed', note: expect.stringContaining('no longer parses') });
    expect(steps.find((s) => s.id === `list:${contactsListId}`)?.status).toBe('succeeded');
    expect(steps.find((s) => s.id === `list:${campaignListId}`)?.status).toBe('succeeded');
    // The failed list's segment is not refreshed from half-synced data; the other list's is.
    expect(steps.find((s) => s.id === `segment:${webSegment}`)).toMatchObject({ status: 'blocked', note: expect.stringContaining('Web leads') });
    expect(steps.find((s) => s.id === `segment:${contactSegment}`)?.status).toBe('succeeded');
    expect((await f.marketer.get(`/api/v1/segments/${webSegment}`).expect(200)).body.refreshedAt).toBeNull();
    expect((await f.marketer.get(`/api/v1/segments/${contactSegment}`).expect(200)).body.count).toBe(await f.models.ListMember.countDocuments({ listId: contactsListId, emailKey: { $ne: null } }));
    const contactMember = await f.models.ListMember.findOne({ listId: contactsListId, crmId: String(store().list('Contact')[1].Id) }).lean();
    expect(contactMember?.values.firstName).toBe('Second wave');
    expect(await f.models.ListMember.exists({ listId: webLeadsListId, crmId: String(lead?.Id) })).toBeNull();

    await f.models.MarketingList.updateOne({ _id: webLeadsListId }, { $set: { 'source.where': clause } });
    const adminRunsBefore = await f.models.Run.countDocuments({ kind: 'crm-admin-sync' });
    const retry = await f.ops.post(`/api/v1/runs/${failed.id}/retry`, {}).expect(202);
    const retried = await f.waitForRun(retry.body.runId, 120_000);
    expect(retried).toMatchObject({ status: 'succeeded', options: expect.objectContaining({ retryOf: failed.id }) });
    const redone = [`list:${webLeadsListId}`, `segment:${webSegment}`];
    expect(stepsOf(retried).map((s) => [s.id, s.status])).toEqual(steps.map((s) => [s.id, redone.includes(s.id) ? 'succeeded' : 'skipped']));
    expect((await f.marketer.get(`/api/v1/segments/${webSegment}`).expect(200)).body.count).toBe(await f.models.ListMember.countDocuments({ listId: webLeadsListId, emailKey: { $ne: null } }));
    expect(await f.models.Run.countDocuments({ kind: 'crm-admin-sync' })).toBe(adminRunsBefore);
    expect(await f.models.ListMember.exists({ listId: webLeadsListId, crmId: String(lead?.Id) })).not.toBeNull();
  });

  it('the connection schedule starts pipelines at its times, never two at once, and comes back after a worker restart', async () => {
    const scheduledRuns = () => f.models.Run.find({ kind: 'sync-pipeline', trigger: 'schedule' }).sort({ createdAt: 1 }).lean();
    const saved = await f.admin.put(`/api/v1/connections/${f.connectionId}/schedule`, { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false }).expect(200);
    expect(saved.body.scheduleState.nextRunTimes.length).toBeGreaterThan(0);
    await waitFor('two scheduled pipelines to succeed', async () => ((await scheduledRuns()).filter((r) => r.status === 'succeeded').length >= 2 ? true : undefined), 90_000);

    // The worker restarts, and Temporal has lost the schedule: start-up registration brings it back.
    const original = f.worker;
    await original.stop();
    // The fixture stops its own worker at the end; this test stops the one it starts.
    original.stop = async () => {};
    expect(await deleteSchedule(f.temporal.client, connectionScheduleId(f.connectionId))).toBe(true);
    const worker = await startTestWorker(f.models, f.box, original.taskQueue);
    try {
      expect(await reregisterSchedules({ models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue, scheduleSpecOptions: { automaticEveryMs: AUTOMATIC_EVERY_MS } }, ['connection'])).toBe(1);
      expect((await describeSchedule(f.temporal.client, connectionScheduleId(f.connectionId))).exists).toBe(true);
      const before = (await scheduledRuns()).filter((r) => r.status === 'succeeded').length;
      await waitFor('a scheduled pipeline after the restart', async () => ((await scheduledRuns()).filter((r) => r.status === 'succeeded').length > before ? true : undefined), 90_000);
      await f.admin.put(`/api/v1/connections/${f.connectionId}/schedule`, { mode: 'off', timeZone: 'UTC', overlap: 'skip', paused: false }).expect(200);
      await waitFor('the last pipeline to end', async () => ((await f.models.Run.exists({ status: { $in: ['queued', 'running'] } })) ? undefined : true), 90_000);
    } finally {
      await worker.stop();
    }
    const runs = (await scheduledRuns()).filter((r) => r.startedAt && r.finishedAt);
    for (let i = 1; i < runs.length; i++) expect((runs[i].startedAt as Date).getTime()).toBeGreaterThanOrEqual((runs[i - 1].finishedAt as Date).getTime());
  });
});
