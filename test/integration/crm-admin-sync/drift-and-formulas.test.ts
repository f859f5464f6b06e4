import { expectMongoEqualsOrg, noonToday, orgPicker, orgRecords, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

type Drift = { crmCount: number; localCount: number; removed: number; restored: number; driftPercent: number; exceeded: boolean };
type Counts = Record<string, { mode: string; deleted: number; calculatedUpdated?: number; drift?: Drift }>;
const TEN_MINUTES = 10 * 60_000;
const DAY = 86_400_000;

describe('CRM Administration sync: drift check and formula fields', () => {
  let f: SyncFixture;
  const { ids } = orgPicker(() => f, 1);

  beforeAll(async () => {
    f = await startSyncFixture(
      'drift',
      { seed: 23, org: { leads: 200, contacts: 500, accounts: 120, users: 6, opportunities: 100, campaigns: 5 } },
      { pageSize: 200, driftThresholdPercent: 1 },
    );
    f.emulator.store.setClock(noonToday());
    const first = await runSync(f, { mode: 'incremental' });
    expect(first.status).toBe('succeeded');
  });
  afterAll(() => f?.close());

  it('hard deletes leave no trace for an incremental sync; the drift check removes them, restores missed records and reports the drift', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const [gone1, gone2] = ids('Contact');
    f.emulator.store.hardDelete('Contact', String(gone1));
    f.emulator.store.hardDelete('Contact', String(gone2));
    for (const id of ids('CampaignMember').slice(0, 3)) f.emulator.store.hardDelete('CampaignMember', id);
    // Deleted, then the recycle bin emptied before the sync: queryAll no longer shows it.
    const leadId = ids('Lead')[0] as string;
    // Salesforce deletes a lead's campaign memberships with it: those go without trace too.
    const leadMemberships = f.emulator.store.list('CampaignMember').filter((m) => m.LeadId === leadId).length;
    await f.org.sobject('Lead').destroy(leadId);
    f.emulator.store.emptyRecycleBin();
    // A change the incremental stream missed: a record lost locally.
    const missedId = ids('Contact')[10] as string;
    await f.models.crmRecords.Contact.deleteOne({ crmId: missedId });

    const blind = await runSync(f, { mode: 'incremental' });
    expect((blind.counts as Counts).Contact?.drift).toBeUndefined();
    expect(await f.models.crmRecords.Contact.countDocuments({ crmId: { $in: [gone1, gone2] } })).toBe(2);

    f.emulator.store.advanceClock(TEN_MINUTES);
    const run = await runSync(f, { mode: 'incremental', driftCheck: true });
    const counts = run.counts as Counts;
    expect(counts.Contact?.drift).toMatchObject({ removed: 2, restored: 1, exceeded: false });
    expect(counts.Contact?.drift?.driftPercent).toBeCloseTo((3 / f.emulator.store.count('Contact')) * 100, 1);
    expect(counts.CampaignMember?.drift).toMatchObject({ removed: 3 + leadMemberships, restored: 0 });
    expect(counts.Lead?.drift).toMatchObject({ removed: 1 });
    expect(counts.Contact?.mode).toBe('incremental');
    await expectMongoEqualsOrg(f);
  });

  it('drift above the threshold forces a full sync of that object in the same run', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    for (const id of ids('Account').slice(0, 12)) f.emulator.store.hardDelete('Account', id);
    const run = await runSync(f, { mode: 'incremental', driftCheck: true });
    const counts = run.counts as Counts;
    expect(counts.Account?.drift).toMatchObject({ removed: 12, exceeded: true });
    expect(counts.Account?.mode).toBe('full');
    expect(counts.Contact?.mode).toBe('incremental');
    await expectMongoEqualsOrg(f, ['Account']);
  });

  it('formula fields change without SystemModstamp: stale after an incremental sync, fresh after a formula refresh', async () => {
    f.emulator.store.advanceClock(3 * DAY);
    await runSync(f, { mode: 'incremental' });
    const org = await orgRecords(f, 'Contact');
    const stored = new Map((await f.models.crmRecords.Contact.find({ connectionId: f.connectionId }).lean()).map((r) => [r.crmId, r.fields.Days_Since_Created__c]));
    const stale = org.filter((r) => stored.get(String(r.Id)) !== r.Days_Since_Created__c);
    // All but the few records the overlap window re-read.
    expect(stale.length).toBeGreaterThan(org.length - 10);

    const run = await runSync(f, { mode: 'incremental', refreshCalculated: true });
    const counts = run.counts as Counts;
    expect(counts.Contact?.calculatedUpdated).toBe(stale.length);
    expect(counts.Lead?.calculatedUpdated).toBeGreaterThan(0);
    await expectMongoEqualsOrg(f);
  });
});
