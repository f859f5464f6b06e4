import { orgSizeForPeople } from '../../../dynamics-emulator';
import { lookupId, startDynamicsFlowFixture, type DynamicsFlowFixture } from './dynamics-fixture';

/** Columns Dataverse stamps on every write: a pushed score changes them and nothing else. */
const STAMPED = new Set(['modifiedon', 'versionnumber', 'modifiedby', 'new_dayssincecreated']);

describe('Dynamics 365 marketing lists: import, programs and score push', () => {
  let f: DynamicsFlowFixture;

  const contactList = (dynamic: boolean) => f.emu.store.list('list').find((l) => l.type === dynamic && l.createdfromcode === 2)!;
  const listMemberIds = async (listId: string) => (await f.app.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).sort();

  beforeAll(async () => {
    f = await startDynamicsFlowFixture('dynflows_lists', { seed: 23, org: { ...orgSizeForPeople(300), listsPerPersonMax: 2 } });
    const first = await f.sync({ mode: 'full' });
    expect({ status: first.status, error: first.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
  });
  afterAll(() => f?.close());

  it('imports a list from a static marketing list: its members are the list’s member rows', async () => {
    const source = contactList(false);
    const { listId, run } = await f.importList({ name: 'Static marketing list', source: { kind: 'campaign', campaignId: String(source.listid) } });
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const expected = f.emu.store.list('listmember').filter((m) => lookupId(m.listid) === source.listid).map((m) => lookupId(m.entityid) as string).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await listMemberIds(listId)).toEqual(expected);
    const member = await f.app.models.ListMember.findOne({ listId, crmId: expected[0] }).lean();
    const contact = f.emu.store.get('contact', expected[0] as string)!;
    expect(member?.values).toMatchObject({ email: contact.emailaddress1 ?? null, lastName: contact.lastname ?? null });
  });

  it('imports a list from a dynamic marketing list: its members are whoever its query matches', async () => {
    const source = contactList(true);
    const tier = Number(/value="(\d+)"/.exec(String(source.query))![1]);
    const { listId, run } = await f.importList({ name: 'Dynamic marketing list', source: { kind: 'campaign', campaignId: String(source.listid) } });
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const expected = f.emu.store.list('contact').filter((c) => c.new_customertier === tier && c.statecode === 0).map((c) => String(c.contactid)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await listMemberIds(listId)).toEqual(expected);
    // The choice arrives as the option value's text, the core's picklist form.
    const member = await f.app.models.ListMember.findOne({ listId, crmId: expected[0] }).lean();
    expect(member?.values.customerTier).toBe(String(tier));
  });

  it('a program sets scores and the list sync pushes them to new_behaviorscore: nothing else written, no creates, no deletes', async () => {
    const { listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } });
    const members = await listMemberIds(listId);
    expect(members.length).toBe(f.emu.store.count('contact'));
    const program = await f.marketer.post('/api/v1/programs', { listId, name: 'Score 77', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: '77' } }] }).expect(201);
    const started = await f.marketer.post(`/api/v1/programs/${program.body.id}/runs`).expect(202);
    const programRun = await f.waitForRun(started.body.runId);
    expect({ status: programRun.status, error: programRun.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });

    const before = new Map(f.emu.store.list('contact').map((c) => [String(c.contactid), { ...c }]));
    const needsWrite = members.filter((id) => before.get(id)?.new_behaviorscore !== 77);
    expect(needsWrite.length).toBeGreaterThan(0);
    f.emu.stats.reset();
    const sync = await f.syncList(listId, { push: { fields: ['behaviorScore'] } });
    expect({ status: sync.status, error: sync.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    expect(sync.counts.push).toMatchObject({ pushed: needsWrite.length, failed: 0 });

    for (const id of members) {
      const row = f.emu.store.get('contact', id)!;
      expect({ id, score: row.new_behaviorscore }).toEqual({ id, score: 77 });
      const changed = Object.keys({ ...row, ...before.get(id) }).filter((k) => !STAMPED.has(k) && JSON.stringify(row[k]) !== JSON.stringify(before.get(id)?.[k]));
      expect({ id, changed }).toEqual({ id, changed: needsWrite.includes(id) ? ['new_behaviorscore'] : [] });
      expect({ id, writes: f.emu.stats.writesOf(id) }).toEqual({ id, writes: needsWrite.includes(id) ? 1 : 0 });
    }
    const creates = Object.entries(f.emu.stats.byEndpoint).filter(([endpoint]) => /\.(create|upsert|delete)$/.test(endpoint));
    expect(creates).toEqual([]);
    expect(f.emu.stats.deletes).toBe(0);

    const quiet = await f.syncList(listId);
    expect(quiet.counts.push).toMatchObject({ candidates: 0, pushed: 0 });
  });
});
