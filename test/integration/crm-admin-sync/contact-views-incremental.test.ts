import { DEMO_MAPPING } from '../../../scripts/demo-connection';
import { noonToday, orgPicker, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

const TEN_MINUTES = 10 * 60_000;
type ViewCounts = { rebuilt: boolean; mode: string | null; reason: string; people: number; inserted: number; updated: number; deleted: number };

describe('CRM Administration sync: incremental contact views', () => {
  let f: SyncFixture;
  const { ids, pick } = orgPicker(() => f, 17);

  /** Every contact view of the connection, without the write time, by id. */
  async function views(): Promise<Map<string, Record<string, unknown>>> {
    const docs = await f.models.ContactView.find({ connectionId: f.connectionId }).lean();
    return new Map(docs.map(({ updatedAt: _updatedAt, ...rest }) => [rest._id, rest as Record<string, unknown>]));
  }

  /** Throws the views away and has the next sync build them all again, from scratch. */
  async function rebuildFromScratch(): Promise<Map<string, Record<string, unknown>>> {
    await f.models.ContactView.deleteMany({ connectionId: f.connectionId });
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { mappingUpdatedAt: new Date() } });
    f.emulator.store.advanceClock(TEN_MINUTES);
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.contactViews).toMatchObject({ rebuilt: true, mode: 'full', reason: 'mapping changed since the last build' });
    return views();
  }

  async function expectSameViews(incremental: Map<string, Record<string, unknown>>, scratch: Map<string, Record<string, unknown>>): Promise<void> {
    expect([...incremental.keys()].sort()).toEqual([...scratch.keys()].sort());
    for (const [id, view] of scratch) expect({ id, ...incremental.get(id) }).toEqual({ id, ...view });
  }

  /** Random changes to people, contact roles (moved to another contact, re-labelled, new) and campaign members. */
  async function changePeopleRolesAndMemberships(round: number): Promise<void> {
    const contacts = ids('Contact');
    await f.org.sobject('Contact').update(pick(contacts, 6).map((Id, i) => ({ Id, Title: `Title ${round}.${i}`, Email: `changed.${round}.${i}@example.com` })), { allOrNone: true });
    await f.org.sobject('Lead').update(pick(ids('Lead'), 5).map((Id, i) => ({ Id, Company: `Company ${round}.${i}` })), { allOrNone: true });
    await f.org.sobject('Contact').create([{ LastName: `New ${round}`, Email: `new.${round}@example.com`, AccountId: ids('Account')[0] }], { allOrNone: true });
    await f.org.sobject('Lead').create([{ LastName: `Lead ${round}`, Company: 'Fresh Inc', Email: `lead.${round}@example.com` }], { allOrNone: true });
    const roles = pick(ids('OpportunityContactRole'), 6);
    const targets = pick(contacts, 4);
    await f.org.sobject('OpportunityContactRole').update(roles.slice(0, 4).map((Id, i) => ({ Id, ContactId: targets[i] })), { allOrNone: true });
    await f.org.sobject('OpportunityContactRole').update(roles.slice(4).map((Id) => ({ Id, Role: 'Influencer' })), { allOrNone: true });
    await f.org
      .sobject('OpportunityContactRole')
      .create(pick(ids('Opportunity'), 3).map((OpportunityId, i) => ({ OpportunityId, ContactId: pick(contacts, 1)[0], Role: i === 0 ? 'Evaluator' : 'Other' })), { allOrNone: true });
    await f.org.sobject('CampaignMember').update(pick(ids('CampaignMember'), 6).map((Id, i) => ({ Id, Status: i % 2 === 0 ? 'Responded' : 'Opened' })), { allOrNone: true });
    const campaign = ids('Campaign')[round % ids('Campaign').length];
    const members = new Set(f.emulator.store.list('CampaignMember').filter((m) => m.CampaignId === campaign).flatMap((m) => [m.ContactId, m.LeadId]));
    const joining = pick(contacts.filter((id) => !members.has(id)), 3);
    const joiningLeads = pick(ids('Lead').filter((id) => !members.has(id)), 2);
    await f.org.sobject('CampaignMember').create(
      [...joining.map((ContactId) => ({ CampaignId: campaign, ContactId, Status: 'Sent' })), ...joiningLeads.map((LeadId) => ({ CampaignId: campaign, LeadId, Status: 'Clicked' }))],
      { allOrNone: true },
    );
  }

  beforeAll(async () => {
    f = await startSyncFixture('cvincr', { seed: 23, org: { leads: 800, contacts: 1000, accounts: 200, users: 6, opportunities: 300, campaigns: 6 } }, { pageSize: 500 });
    f.emulator.store.setClock(noonToday());
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { mapping: DEMO_MAPPING, mappingUpdatedAt: new Date() } });
    const first = await runSync(f, { mode: 'incremental' });
    expect(first.contactViews).toMatchObject({ rebuilt: true, mode: 'full', linksIndexed: true });
  });
  afterAll(() => f?.close());

  it('after random changes to people, contact roles and campaign members, an incremental rebuild gives the views a full one does', async () => {
    for (const round of [1, 2]) {
      f.emulator.store.advanceClock(TEN_MINUTES);
      await changePeopleRolesAndMemberships(round);
      const run = await runSync(f, { mode: 'incremental' });
      expect(run.status).toBe('succeeded');
      const counts = run.contactViews as ViewCounts;
      expect({ round, ...counts }).toMatchObject({ round, rebuilt: true, mode: 'incremental' });
      // Only the touched people: changed and new persons, both ends of moved roles, members of changed memberships.
      expect(counts.people).toBeGreaterThan(20);
      expect(counts.people).toBeLessThan(60);
      expect(counts.inserted).toBe(2);
      expect(counts.updated).toBeGreaterThan(15);
      expect(await f.models.ChangedRecord.countDocuments({ connectionId: f.connectionId })).toBe(0);
      const incremental = await views();
      await expectSameViews(incremental, await rebuildFromScratch());
    }
  });

  it('a sync that changed nothing leaves the views alone', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.contactViews).toMatchObject({ rebuilt: false, mode: null, linksIndexed: true });
  });

  it('deleted people make the rebuild full, and the next incremental one still agrees with a full one', async () => {
    f.emulator.store.advanceClock(TEN_MINUTES);
    await f.org.sobject('Contact').destroy(pick(ids('Contact'), 2));
    const deleting = await runSync(f, { mode: 'incremental' });
    expect(deleting.contactViews).toMatchObject({ rebuilt: true, mode: 'full', reason: 'Contact records were deleted' });
    expect((deleting.contactViews as ViewCounts).deleted).toBe(2);

    f.emulator.store.advanceClock(TEN_MINUTES);
    await changePeopleRolesAndMemberships(3);
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.contactViews).toMatchObject({ rebuilt: true, mode: 'incremental' });
    const incremental = await views();
    await expectSameViews(incremental, await rebuildFromScratch());
  });

  it('a failed sync before the views were built makes the next rebuild full', async () => {
    await f.models.Run.updateMany({ connectionId: f.connectionId, kind: 'crm-admin-sync' }, { $set: { contactViews: null } });
    f.emulator.store.advanceClock(TEN_MINUTES);
    await f.org.sobject('Lead').update(pick(ids('Lead'), 2).map((Id) => ({ Id, Company: 'After failure' })), { allOrNone: true });
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.contactViews).toMatchObject({ rebuilt: true, mode: 'full', reason: 'the previous sync did not finish its contact views' });
  });
});
