import { builderCatalogOf } from '../harness/builder-catalog';
import { FAULT_KINDS } from './target';
import { startConformanceFixture, type ConformanceFixture, type RunJson } from './kit/conformance-fixture';
import { seededPicker } from './kit/org-changes';
import { conformanceTargets } from './targets';

type Member = { crmId: string; values: Record<string, unknown> };

/**
 * The list, push and describe part of the connector conformance kit: describe feeds the mapping
 * editor and the segment builder; a push writes only changed scores, exactly once, under faults,
 * never creating or deleting; a list imported from the CRM's list source follows it.
 */
describe.each(conformanceTargets())('conformance: $label lists, push and describe', (target) => {
  let f: ConformanceFixture;
  let listId: string;
  let memberIds: string[];
  let nextScore = 700;
  const pick = seededPicker(9);
  const contactObject = () => f.model.people.Contact.object;
  const crmScore = (id: string) => f.org.valueOf(contactObject(), id, f.org.score.crmField);

  async function members(id: string): Promise<Member[]> {
    const all: Member[] = [];
    // Keyset pages: each answer names the cursor of the next one.
    for (let after: string | null = ''; after !== null; ) {
      const res: { body: { members: Member[]; page: { next?: string | null } } } = await f.api('marketer').get(`/api/v1/lists/${id}/members?perPage=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`).expect(200);
      all.push(...res.body.members);
      after = res.body.page.next ?? null;
    }
    return all;
  }
  async function importList(name: string, source: Record<string, unknown>, fields: string[]) {
    const created = await f.api('marketer').post('/api/v1/lists', { connectionId: f.connectionId, name, source, fields }).expect(201);
    const run = await f.waitForRun(created.body.runId);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    return { id: String(created.body.id), run };
  }
  async function syncList(id: string, settings?: object): Promise<RunJson> {
    if (settings) await f.api('marketer').put(`/api/v1/lists/${id}/sync-settings`, settings).expect(200);
    const started = await f.api('marketer').post(`/api/v1/lists/${id}/syncs`).expect(202);
    return f.waitForRun(started.body.runId);
  }
  /** New scores for some members, as a list-maintenance program sets them. */
  async function scoreLocally(ids: string[]): Promise<Map<string, number>> {
    const scores = new Map(ids.map((id) => [id, nextScore++]));
    for (const [crmId, score] of scores) await f.models.ListMember.updateOne({ listId, crmId }, { $set: { [`values.${f.org.score.marketingField}`]: score } });
    return scores;
  }
  /** Each scored record holds its score in the CRM and was written exactly once; nothing else was written. */
  function expectPushedOnce(scores: Map<string, number>) {
    const writes = f.org.stats.writesByRecordId();
    for (const [id, score] of scores) expect({ id, score: crmScore(id), writes: writes.get(id) ?? 0 }).toEqual({ id, score, writes: 1 });
    expect([...writes.keys()].filter((id) => !scores.has(id))).toEqual([]);
  }
  /** The person object (lead or contact kind) a live CRM id belongs to. */
  const personObjectOf = (id: string) => {
    const person = Object.values(f.model.people).find((p) => f.org.valueOf(p.object, id, f.org.idField(p.object)) !== undefined);
    if (!person) throw new Error(`${id} is no live person in the org`);
    return person.object;
  };
  const peopleIds = () => Object.values(f.model.people).map((p) => [...f.org.ids(p.object)].sort());

  beforeAll(async () => {
    f = await startConformanceFixture(target, 'conf_lists', { seed: 5, people: 300 });
    listId = (await importList('All contacts', { kind: 'all_contacts' }, ['email', f.org.title.marketingField, f.org.score.marketingField])).id;
    memberIds = (await members(listId)).map((m) => m.crmId).sort();
    expect(memberIds).toEqual([...f.org.ids(contactObject())].sort());
  }, 240_000);
  afterAll(() => f?.close());

  it('9. describe feeds the mapping editor and the segment builder: picklist values, booleans, calculated fields', async () => {
    const { picklist, boolean, calculated } = f.org.describe;
    const mapping = (await f.api('ops').get(`/api/v1/connections/${f.connectionId}/mapping`).expect(200)).body;
    expect(mapping.describeError).toBeUndefined();
    const described = (name: string) => (mapping.fields.Contact as { name: string }[]).find((x) => x.name === name);
    expect(described(picklist.field)).toMatchObject({ picklistValues: picklist.values });
    expect(described(boolean)).toMatchObject({ calculated: false });
    expect(described(calculated)).toMatchObject({ calculated: true, updateable: false });

    const page = await f.session.agent.get(`/segments/new?listId=${listId}`).expect(200);
    const builder = builderCatalogOf(page.text).objects.Member;
    const offered = (name: string) => builder.find((x) => x.name === name);
    expect(offered(picklist.field)).toMatchObject({ kind: 'picklist', picklistValues: picklist.values });
    expect(offered(boolean)).toMatchObject({ kind: 'boolean' });
    expect(offered(calculated)).toBeDefined();

    // Conditions on them count what the org holds (the booleans normalised, whatever the CRM writes).
    const count = async (condition: object) =>
      (await f.api('marketer').post('/api/v1/segments/preview', { listId, query: { all: [condition] } }).expect(200)).body.count as number;
    const inOrg = (field: string, value: unknown) => memberIds.filter((id) => f.org.valueOf(contactObject(), id, field) === value).length;
    expect(await count({ object: 'Member', field: boolean, op: 'equals', value: true })).toBe(inOrg(boolean, true));
    const value = picklist.values.find((v) => inOrg(picklist.field, picklist.storedValueOf(v)) > 0) as string;
    expect(await count({ object: 'Member', field: picklist.field, op: 'in', value: [value] })).toBe(inOrg(picklist.field, picklist.storedValueOf(value)));
  });

  it('7. a score push writes only the changed scores, once each, and never creates or deletes a CRM record', async () => {
    const scores = await scoreLocally(pick(memberIds, 20));
    // A field without allow-push changed here stays here.
    const titled = pick(memberIds.filter((id) => !scores.has(id)), 5);
    for (const crmId of titled) await f.models.ListMember.updateOne({ listId, crmId }, { $set: { [`values.${f.org.title.marketingField}`]: 'Changed here only' } });
    const people = peopleIds();
    f.org.stats.reset();
    const run = await syncList(listId);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(run.counts.push).toMatchObject({ candidates: 20, pushed: 20, failed: 0 });
    expectPushedOnce(scores);
    expect(peopleIds()).toEqual(people);
    expect(f.org.stats.deletesByCrmSync()).toBe(0);

    f.org.stats.reset();
    const quiet = await syncList(listId);
    expect(quiet.counts.push).toMatchObject({ candidates: 0, pushed: 0 });
    expect(f.org.stats.writesByRecordId().size).toBe(0);
  });

  it('6. a push under every injected fault (quota, expired auth, 5xx, latency, row lock, lost answer) writes each changed score exactly once', async () => {
    const scores = await scoreLocally(pick(memberIds, 30));
    f.org.stats.reset();
    f.org.faults.resetInjected();
    for (const kind of FAULT_KINDS) f.org.faults.failNext(kind, 1);
    f.org.faults.set({ rate: 0.1, kinds: [...FAULT_KINDS], latencyMs: 40, seed: 66 });
    const run = await syncList(listId).finally(() => f.org.faults.clear());
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const injected = f.org.faults.injected();
    expect(FAULT_KINDS.filter((kind) => !injected[kind])).toEqual([]);
    expect(run.counts.push).toMatchObject({ pushed: 30, failed: 0 });
    expectPushedOnce(scores);
    expect(f.org.stats.deletesByCrmSync()).toBe(0);
  });

  it('7. a member deleted in the CRM is refused by the push as a per-record error, never created again', async () => {
    await f.api('marketer').put(`/api/v1/lists/${listId}/sync-settings`, { pull: { remove: false } }).expect(200);
    const [gone, kept] = pick(memberIds, 2);
    f.org.deleteRecord(contactObject(), gone);
    const people = peopleIds();
    await scoreLocally([gone, kept]);
    f.org.stats.reset();
    const run = await syncList(listId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.push).toMatchObject({ pushed: 1, failed: 1 });
    const errors = (await f.api('ops').get(`/api/v1/runs/${run.id}/push-errors`).expect(200)).body.errors as { crmId: string }[];
    expect(errors.map((e) => e.crmId)).toEqual([gone]);
    expect(f.org.valueOf(contactObject(), gone, f.org.idField(contactObject()))).toBeUndefined();
    expect(peopleIds()).toEqual(people);
    expect(f.org.stats.deletesByCrmSync()).toBe(0);
  });

  it("8. a list imported from the CRM's list source follows it: members added, updated and removed", async () => {
    const sourceId = f.org.listSourceIds()[0];
    const fields = ['email', f.org.title.marketingField];
    const imported = await importList('From the CRM list', f.org.listSource(sourceId), fields);
    const titleOf = (id: string) => f.org.valueOf(personObjectOf(id), id, f.org.title.crmField) ?? null;
    const expectListEqualsSource = async () => {
      const got = await members(imported.id);
      expect(got.map((m) => m.crmId).sort()).toEqual([...f.org.listMembers(sourceId)].sort());
      for (const m of got) expect({ id: m.crmId, title: m.values[f.org.title.marketingField] ?? null }).toEqual({ id: m.crmId, title: titleOf(m.crmId) });
      return got;
    };
    const before = await expectListEqualsSource();
    expect(before.length).toBeGreaterThan(4);

    // Two people join the CRM list, two leave it, two members are edited in the CRM.
    const inList = new Set(f.org.listMembers(sourceId));
    const joining = pick(f.org.ids(contactObject()).filter((id) => !inList.has(id)), 2);
    for (const id of joining) f.org.addListMember(sourceId, { type: 'Contact', id });
    const [leaving, edited] = [pick([...inList], 2), [] as string[]];
    edited.push(...pick([...inList].filter((id) => !leaving.includes(id)), 2));
    for (const id of leaving) f.org.removeListMember(sourceId, id);
    for (const id of edited) f.org.editRecord(personObjectOf(id), id, `Edited in the CRM ${id.slice(-4)}`);
    // Fresh CRM data first (freshness 0 runs the admin sync before the pull), as a scheduled list sync would.
    const run = await syncList(imported.id, { pull: { add: true, update: true, remove: true, updateFields: fields }, freshnessMinutes: 0 });
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(run.counts.pull).toMatchObject({ joined: 2, left: 2 });
    expect(run.counts.pull.updated).toBeGreaterThanOrEqual(2);
    await expectListEqualsSource();
  });
});
