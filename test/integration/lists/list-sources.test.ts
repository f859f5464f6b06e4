import { Types } from 'mongoose';
import { migrateStoredDocuments } from '../../../domain/db/migrate-stored-documents';
import { startListFixture, type ListFixture } from './list-fixture';

const ORG = { leads: 80, contacts: 60, accounts: 15, users: 3, opportunities: 5, campaigns: 3, sharedEmailRatio: 0.2 };
const UNKNOWN_ID = '64b0000000000000000000aa';

/** List sources (WHERE clauses, all Leads, campaigns), input errors, and de-duplicated audiences. */
describe('list sources and audiences', () => {
  let f: ListFixture;
  const store = () => f.emulator.store;

  beforeAll(async () => {
    f = await startListFixture('list_sources', { org: ORG, seed: 21 });
  });
  afterAll(() => f?.close());

  it('refuses bad list input with a 400 naming each problem', async () => {
    const post = (body: Record<string, unknown>) => f.marketer.post('/api/v1/lists', { connectionId: f.connectionId, name: 'Bad', ...body });
    const where = await post({ source: { kind: 'soql', object: 'Lead', where: "Nonexistent__c = 'x'" } }).expect(400);
    expect(where.body.error.details.problems).toEqual([{ path: 'source.where', message: expect.stringContaining('Nonexistent__c') }]);
    const syntax = await post({ source: { kind: 'soql', where: "Status = 'Open" } }).expect(400);
    expect(syntax.body.error.details.problems[0].path).toBe('source.where');
    const kind = await post({ source: { kind: 'everyone' } }).expect(400);
    expect(kind.body.error.message).toContain('source.kind');
    const campaign = await post({ source: { kind: 'campaign', campaignId: '701000000000000AAA' } }).expect(400);
    expect(campaign.body.error.details.problems).toEqual([{ path: 'source.campaignId', message: expect.stringContaining('no campaign') }]);
    const fields = await post({ source: { kind: 'all_leads' }, fields: ['email', 'shoeSize'] }).expect(400);
    expect(fields.body.error.details.problems).toEqual([{ path: 'fields[1]', message: expect.stringContaining("'shoeSize'") }]);
    await f.marketer.post('/api/v1/lists', { connectionId: UNKNOWN_ID, name: 'x', source: { kind: 'all_leads' } }).expect(400);
    await f.marketer.post('/api/v1/lists', { connectionId: { $ne: null }, name: 'x', source: { kind: 'all_leads' } }).expect(400);
    await f.ops.post('/api/v1/lists', { connectionId: f.connectionId, name: 'x', source: { kind: 'all_leads' } }).expect(403);
    expect(await f.models.MarketingList.countDocuments()).toBe(0);
  });

  it('a WHERE clause list holds exactly the records the clause selects', async () => {
    const { listId } = await f.importList({ name: 'Web leads', source: { kind: 'soql', object: 'Lead', where: "LeadSource = 'web' AND IsConverted = false" } });
    const expected = store()
      .list('Lead')
      .filter((l) => String(l.LeadSource ?? '').toLowerCase() === 'web' && l.IsConverted !== true)
      .map((l) => String(l.Id));
    expect(expected.length).toBeGreaterThan(0);
    const got = (await f.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId);
    expect(got.sort()).toEqual(expected.sort());
  });

  it("a list stored with the source kind 'soql' (before list sources were CRM-neutral) is migrated at start-up and syncs as before", async () => {
    const where = "LeadSource = 'web' AND IsConverted = false";
    const { listId } = await f.importList({ name: 'Template', source: { kind: 'soql', object: 'Lead', where } });
    const stored = await f.models.MarketingList.collection.findOne({ _id: new Types.ObjectId(listId) });
    expect(stored?.source).toMatchObject({ kind: 'filter', object: 'Lead', where });
    // The document exactly as lists were stored until now: same fields, kind 'soql', never synced.
    const oldId = new Types.ObjectId();
    await f.models.MarketingList.collection.insertOne({
      ...stored,
      _id: oldId,
      name: 'Web leads, stored before',
      source: { ...stored!.source, kind: 'soql' },
      memberCount: 0,
      importedAt: null,
      lastSyncAt: null,
      lastRunId: null,
    });
    await migrateStoredDocuments(f.models);
    await migrateStoredDocuments(f.models);
    expect((await f.models.MarketingList.collection.findOne({ _id: oldId }))?.source).toMatchObject({ kind: 'filter', object: 'Lead', where });
    expect(await f.models.MarketingList.collection.countDocuments({ 'source.kind': 'soql' })).toBe(0);

    const run = await f.syncList(String(oldId));
    expect(run.status).toBe('succeeded');
    const expected = store()
      .list('Lead')
      .filter((l) => String(l.LeadSource ?? '').toLowerCase() === 'web' && l.IsConverted !== true)
      .map((l) => String(l.Id));
    const got = (await f.models.ListMember.find({ listId: String(oldId) }, { crmId: 1 }).lean()).map((m) => m.crmId);
    expect(got.sort()).toEqual(expected.sort());
    const json = (await f.marketer.get(`/api/v1/lists/${String(oldId)}`).expect(200)).body;
    expect(json.source).toEqual({ kind: 'filter', object: 'Lead', where });
  });

  it('an audience of two overlapping lists counts each email once', async () => {
    const leads = await f.importList({ name: 'All leads', source: { kind: 'all_leads' } });
    const contacts = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } });
    const people = [...store().list('Lead'), ...store().list('Contact')];
    const emails = people.map((p) => (typeof p.Email === 'string' ? p.Email.trim().toLowerCase() : '')).filter(Boolean);
    const withoutEmail = people.length - emails.length;
    expect(new Set(emails).size).toBeLessThan(emails.length); // the org shares emails between Leads and Contacts

    const byEmail = (await f.marketer.post('/api/v1/audiences/preview', { lists: [leads.listId, contacts.listId], key: 'email' }).expect(200)).body;
    expect(byEmail).toMatchObject({ key: 'email', total: people.length, withoutKey: withoutEmail, distinct: new Set(emails).size });
    expect(byEmail.sources.map((s: { members: number }) => s.members)).toEqual([ORG.leads, ORG.contacts]);
    const byId = (await f.marketer.post('/api/v1/audiences/preview', { lists: [leads.listId, contacts.listId, leads.listId], key: 'crmId' }).expect(200)).body;
    expect(byId).toMatchObject({ total: people.length, distinct: people.length, duplicates: 0 });

    await f.marketer.post('/api/v1/audiences/preview', { lists: [leads.listId], key: 'phone' }).expect(400);
    const missing = await f.marketer.post('/api/v1/audiences/preview', { lists: [leads.listId, UNKNOWN_ID], key: 'email' }).expect(400);
    expect(missing.body.error.details).toEqual([{ path: 'body.lists[1]', message: `no list ${UNKNOWN_ID}` }]);
  });

  it('exports members as CSV with a header of the list fields', async () => {
    const list = (await f.marketer.get('/api/v1/lists').expect(200)).body.lists.find((l: { name: string }) => l.name === 'All leads');
    const csv = await f.marketer.get(`/api/v1/lists/${list.id}/members?format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(['crmId', 'type', ...list.fields].join(','));
    expect(lines).toHaveLength(ORG.leads + 1);
  });
});
