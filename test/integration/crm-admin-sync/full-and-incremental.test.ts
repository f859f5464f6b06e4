import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import { syncStateKey } from '../../../domain/models/sync-state';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { expectMongoEqualsOrg, noonToday, orgPicker, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

type Counts = Record<string, { mode: string; reason: string; fetched: number; inserted: number; updated: number; deleted: number; unchanged: number }>;
const TEN_MINUTES = 10 * 60_000;

describe('CRM Administration sync: full, then incremental', () => {
  let f: SyncFixture;
  let fullApiCalls = 0;
  const { ids, pick } = orgPicker(() => f, 5);

  beforeAll(async () => {
    f = await startSyncFixture(
      'fullincr',
      // Pages of 200 so most objects span several pages.
      { seed: 11, org: { leads: 300, contacts: 500, accounts: 120, users: 8, opportunities: 150, campaigns: 6 } },
      { pageSize: 200 },
    );
    // A frozen org clock: each phase of changes shares one SystemModstamp, and the clock moves
    // past the overlap window between phases so API counts are exact.
    // Noon UTC: formula fields counting days cannot tick over while the clock advances below.
    f.emulator.store.setClock(noonToday());
  });
  afterAll(() => f?.close());

  it('a first sync is full for every object and makes MongoDB equal the org, field by field', async () => {
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    const counts = run.counts as Counts;
    for (const object of SALESFORCE_OBJECTS) {
      expect(counts[object]).toMatchObject({ mode: 'full', reason: 'first sync of this object', inserted: f.emulator.store.count(object) });
    }
    await expectMongoEqualsOrg(f);
    const state = await f.models.SyncState.findById(syncStateKey(f.connectionId, 'Contact')).lean();
    expect(state?.watermark?.stamp).toBeTruthy();
    expect(state?.recordCount).toBe(f.emulator.store.count('Contact'));
    fullApiCalls = run.apiCalls ?? 0;

    // Pages never pass through the workflow: its history holds a few events per object, whatever the org size.
    const history = await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).fetchHistory();
    const events = history.events ?? [];
    const pages = Object.values(counts).reduce((sum, c) => sum + Math.ceil((c.fetched + 1) / 200), 0);
    expect(pages).toBeGreaterThan(10);
    expect(events.length).toBeLessThan(150);
    expect(JSON.stringify(history).length).toBeLessThan(100_000);
  });

  it('an incremental sync with nothing changed costs a fixed number of calls, whatever the org size', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const run = await runSync(f, { mode: 'incremental' });
    const counts = run.counts as Counts;
    for (const object of SALESFORCE_OBJECTS) {
      // The overlap window re-reads the newest records; they are recognised as unchanged and not written.
      expect(counts[object]).toMatchObject({ mode: 'incremental', inserted: 0, updated: 0, deleted: 0 });
      expect(counts[object]?.unchanged).toBe(counts[object]?.fetched);
    }
    // Per object: one describe, one changes query, one deleted-records query.
    expect(run.apiCalls).toBe(3 * SALESFORCE_OBJECTS.length);
    expect(run.apiCalls).toBeLessThan(fullApiCalls);
  });

  it('after random inserts, updates and deletes made through jsforce, an incremental sync makes MongoDB equal the org again (campaign removals: the drift check)', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const contacts = pick(ids('Contact'), 40);
    await f.org.sobject('Contact').update(contacts.slice(0, 30).map((Id, i) => ({ Id, Title: `Changed title ${i}` })), { allOrNone: true });
    await f.org.sobject('Contact').destroy(contacts.slice(30));
    const accountId = ids('Account')[0] as string;
    await f.org.sobject('Contact').create(Array.from({ length: 25 }, (_, i) => ({ LastName: `New ${i}`, Email: `new.${i}@example.com`, AccountId: accountId })), { allOrNone: true });
    const leads = pick(ids('Lead'), 25);
    await f.org.sobject('Lead').update(leads.slice(0, 20).map((Id) => ({ Id, Company: 'Renamed Inc' })), { allOrNone: true });
    await f.org.sobject('Lead').destroy(leads.slice(20));
    await f.org.sobject('Opportunity').update(pick(ids('Opportunity'), 10).map((Id) => ({ Id, StageName: 'Closed Won' })), { allOrNone: true });
    // Removing people from campaigns leaves no recycle-bin entry, as in Salesforce: no incremental sync can see it.
    const removedMembers = pick(ids('CampaignMember'), 5);
    await f.org.sobject('CampaignMember').destroy(removedMembers);

    const run = await runSync(f, { mode: 'incremental' });
    const counts = run.counts as Counts;
    expect(counts.Contact).toMatchObject({ mode: 'incremental', inserted: 25, updated: 30, deleted: 10 });
    expect(counts.Lead).toMatchObject({ mode: 'incremental', inserted: 0, updated: 20, deleted: 5 });
    expect(counts.Opportunity).toMatchObject({ updated: 10 });
    await expectMongoEqualsOrg(f, SALESFORCE_OBJECTS.filter((object) => object !== 'CampaignMember'));
    expect(await f.models.crmRecords.CampaignMember.countDocuments({ connectionId: f.connectionId, crmId: { $in: removedMembers } })).toBe(5);
    // Every change fits one page per object: the same calls as a quiet sync.
    expect(run.apiCalls).toBe(3 * SALESFORCE_OBJECTS.length);

    // The drift check compares ids with the org and removes them.
    f.emulator.store.advanceClock(TEN_MINUTES);
    const drift = await runSync(f, { mode: 'incremental', driftCheck: true });
    expect((drift.counts as Record<string, { drift?: { removed: number } }>).CampaignMember?.drift).toMatchObject({ removed: 5 });
    await expectMongoEqualsOrg(f);
  });

  it('API calls grow with the number of changes: 400 changed Contacts cost two more queries', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const contacts = pick(ids('Contact'), 400);
    for (let i = 0; i < contacts.length; i += 200) {
      await f.org.sobject('Contact').update(contacts.slice(i, i + 200).map((Id) => ({ Id, Department: 'Marketing' })), { allOrNone: true });
    }
    const run = await runSync(f, { mode: 'incremental' });
    const contactCounts = (run.counts as Counts).Contact;
    expect(contactCounts).toMatchObject({ updated: 400, inserted: 0 });
    // Besides the 400, only the few records of the overlap window are read again, unchanged.
    expect((contactCounts?.fetched ?? 0) - (contactCounts?.unchanged ?? 0)).toBe(400);
    // 400-odd records at 200 a page: three queries where a quiet sync needs one.
    expect(run.apiCalls).toBe(3 * SALESFORCE_OBJECTS.length + 2);
    await expectMongoEqualsOrg(f, ['Contact']);
  });

  it('many records sharing one SystemModstamp across page boundaries are all synced', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const accountId = ids('Account')[1] as string;
    // 450 inserts in one org second: one stamp across pages of 200.
    for (let batch = 0; batch < 3; batch++) {
      const size = batch < 2 ? 200 : 50;
      await f.org.sobject('Contact').create(
        Array.from({ length: size }, (_, i) => ({ LastName: `Same stamp ${batch}-${i}`, AccountId: accountId })),
        { allOrNone: true },
      );
    }
    const sameStamp = f.emulator.store.list('Contact').filter((r) => String(r.LastName).startsWith('Same stamp'));
    expect(new Set(sameStamp.map((r) => r.SystemModstamp)).size).toBe(1);
    const run = await runSync(f, { mode: 'incremental' });
    expect((run.counts as Counts).Contact).toMatchObject({ inserted: 450 });
    await expectMongoEqualsOrg(f, ['Contact']);

    // Same org second as the watermark, lower id: a record updated after the sync at the stamp the
    // watermark holds is caught by the overlap window, not skipped by the (stamp, id) position.
    const oldest = [...sameStamp].sort((a, b) => String(a.Id).localeCompare(String(b.Id)))[0];
    await f.org.sobject('Contact').update({ Id: String(oldest?.Id), Title: 'Touched at the watermark second' });
    const again = await runSync(f, { mode: 'incremental' });
    expect((again.counts as Counts).Contact?.updated).toBe(1);
    await expectMongoEqualsOrg(f, ['Contact']);
  });

  it('a forced full sync changes nothing when nothing changed, and removes local records the CRM no longer has', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const goneId = ids('Account').at(-1) as string;
    f.emulator.store.hardDelete('Account', goneId);
    const run = await runSync(f, { mode: 'full' });
    const counts = run.counts as Counts;
    for (const object of SALESFORCE_OBJECTS) expect(counts[object]).toMatchObject({ mode: 'full', inserted: 0, updated: 0 });
    expect(counts.Account).toMatchObject({ deleted: 1 });
    await expectMongoEqualsOrg(f);
    expect(await f.models.SeenIds.countDocuments()).toBe(0);
  });

  it('a long run continues as new in a fresh history and still ends as one succeeded run document', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const workflowId = crmAdminSyncWorkflowId(f.connectionId);
    const run = await f.models.Run.create({ kind: 'crm-admin-sync', status: 'queued', connectionId: f.connectionId, workflowId, options: { mode: 'full' } });
    const handle = await f.temporal.client.workflow.start('crmAdminSync', {
      taskQueue: f.worker.taskQueue,
      workflowId,
      args: [{ connectionId: f.connectionId, runId: String(run._id), mode: 'full', continueAsNewAfterEvents: 30 }],
    });
    await handle.result();
    const latest = await f.temporal.client.workflow.getHandle(workflowId).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    const stored = await f.models.Run.findById(run._id).lean();
    expect(stored?.status).toBe('succeeded');
    // Continuing as new is not a failure: nothing about it is recorded as an error.
    expect(stored?.error?.message).toBeFalsy();
    for (const object of SALESFORCE_OBJECTS) expect((stored?.counts as Counts)[object]).toMatchObject({ mode: 'full', inserted: 0, updated: 0 });
    await expectMongoEqualsOrg(f);
  });
});
