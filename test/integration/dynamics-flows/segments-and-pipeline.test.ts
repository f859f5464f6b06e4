import { orgSizeForPeople } from '../../../dynamics-emulator';
import { CUSTOMER_TIERS } from '../../../dynamics-emulator/schema/marketing-columns';
import { builderCatalogOf } from '../../harness/builder-catalog';
import { lookupId, startDynamicsFlowFixture, type DynamicsFlowFixture, type RunJson } from './dynamics-fixture';

type Step = { id: string; kind: string; status: string; runId: string };

describe('Dynamics 365 segments over opportunities and marketing lists, and the pipeline', () => {
  let f: DynamicsFlowFixture;
  let listId: string;

  beforeAll(async () => {
    f = await startDynamicsFlowFixture('dynflows_segments', { seed: 29, org: { ...orgSizeForPeople(300), listsPerPersonMax: 2 } });
    const first = await f.sync({ mode: 'full' });
    expect({ status: first.status, error: first.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    listId = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
  });
  afterAll(() => f?.close());

  it('a segment of contacts with an open opportunity over a value who are on a static marketing list holds exactly those contacts', async () => {
    const store = f.emu.store;
    const values = store.list('opportunity').map((o) => Number(o.estimatedvalue ?? 0)).sort((a, b) => a - b);
    const threshold = values[Math.floor(values.length / 3)] as number;
    const marketingList = store
      .list('list')
      .filter((l) => l.type === false && l.createdfromcode === 2)
      .map((l) => ({ list: l, members: store.list('listmember').filter((m) => lookupId(m.listid) === l.listid).length }))
      .sort((a, b) => b.members - a.members)[0]!.list;
    const onList = new Set(store.list('listmember').filter((m) => lookupId(m.listid) === marketingList.listid).map((m) => lookupId(m.entityid)));
    const withBigOpenDeal = new Set(
      store
        .list('opportunity')
        .filter((o) => o.statecode === 0 && Number(o.estimatedvalue ?? 0) > threshold)
        .map((o) => lookupId(o.parentcontactid)),
    );
    const expected = store
      .list('contact')
      .map((c) => String(c.contactid))
      .filter((id) => onList.has(id) && withBigOpenDeal.has(id))
      .sort();
    expect(expected.length).toBeGreaterThan(0);

    const query = {
      all: [
        // statecode is a choice: the core holds it as the option value's text.
        { related: 'Opportunity', match: 'any', where: { all: [{ field: 'statecode', op: 'equals', value: '0' }, { field: 'estimatedvalue', op: 'gt', value: threshold }] } },
        { related: 'CampaignMember', match: 'any', where: { all: [{ object: 'Campaign', field: 'listname', op: 'equals', value: String(marketingList.listname) }] } },
      ],
    };
    const preview = await f.marketer.post('/api/v1/segments/preview', { listId, query });
    const created = await f.marketer.post('/api/v1/segments', { listId, name: 'Big open deals on the list', query });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });
    const started = await f.marketer.post(`/api/v1/segments/${created.body.id}/refreshes`).expect(202);
    const run = await f.waitForRun(started.body.runId);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const members = (await f.app.models.SegmentMember.find({ segmentId: created.body.id }, { crmId: 1 }).lean()).map((m) => m.crmId).sort();
    expect(members).toEqual(expected);
    if (preview.status === 200) expect(preview.body).toMatchObject({ count: expected.length });
  });

  it('the builder offers a choice column by its labels; a saved condition holds the stored value, finds the right members and is explained in labels', async () => {
    const page = await f.session.agent.get(`/segments/new?listId=${listId}`).expect(200);
    const catalog = builderCatalogOf(page.text);
    const tier = catalog.objects.Member?.find((x) => x.name === 'new_customertier');
    expect(tier).toMatchObject({ kind: 'picklist', picklistValues: CUSTOMER_TIERS.map((o) => String(o.value)) });
    expect(tier?.picklistLabels).toEqual(Object.fromEntries(CUSTOMER_TIERS.map((o) => [String(o.value), o.label])));
    expect(catalog.objects.Opportunity?.find((x) => x.name === 'statecode')?.picklistLabels).toEqual({ '0': 'Open', '1': 'Won', '2': 'Lost' });

    const gold = String(CUSTOMER_TIERS.find((o) => o.label === 'Gold')?.value);
    const expected = f.emu.store
      .list('contact')
      .filter((c) => String(c.new_customertier) === gold)
      .map((c) => String(c.contactid))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const query = { all: [{ object: 'Member', field: 'new_customertier', op: 'equals', value: gold }] };
    const created = await f.marketer.post('/api/v1/segments', { listId, name: 'Gold customers', query });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });
    expect((await f.marketer.get(`/api/v1/segments/${created.body.id}`).expect(200)).body.query).toEqual(query);
    const started = await f.marketer.post(`/api/v1/segments/${created.body.id}/refreshes`).expect(202);
    const run = await f.waitForRun(started.body.runId);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const members = (await f.app.models.SegmentMember.find({ segmentId: created.body.id }, { crmId: 1 }).lean()).map((m) => m.crmId).sort();
    expect(members).toEqual(expected);

    // Why a member is in: the condition and the value seen in words, the codes beside them.
    const explained = await f.marketer.get(`/api/v1/segments/${created.body.id}/explain?crmId=${expected[0]}`).expect(200);
    expect(explained.body.explanation.tree.children[0]).toMatchObject({ passed: true, value: gold, valueLabel: 'Gold', seen: gold, seenLabel: 'Gold' });
    const shown = await f.session.agent.get(`/segments/${created.body.id}?crmId=${expected[0]}`).expect(200);
    expect(shown.text).toContain(`<code>Gold</code> <span class="muted">(${gold})</span>`);
  });

  it('runs the pipeline: admin sync, programs, list syncs, segments, with the score pushed to new_behaviorscore', async () => {
    const program = await f.marketer.post('/api/v1/programs', { listId, name: 'Score 55', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: '55' } }] }).expect(201);
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { push: { fields: ['behaviorScore'] } }).expect(200);
    const contact = f.emu.store.list('contact')[0]!;
    f.emu.store.update('contact', String(contact.contactid), { firstname: 'Pipelined' });

    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/pipeline-runs`, {}).expect(202);
    const run: RunJson = await f.waitForRun(started.body.runId, 180_000);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const steps = run.counts.steps as Step[];
    expect(steps.map((s) => [s.id, s.status])).toEqual(expect.arrayContaining([['crm-admin-sync', 'succeeded'], [`program:${program.body.id}`, 'succeeded'], [`list:${listId}`, 'succeeded']]));
    const member = await f.app.models.ListMember.findOne({ listId, crmId: String(contact.contactid) }).lean();
    expect(member?.values.firstName).toBe('Pipelined');
    for (const c of f.emu.store.list('contact')) expect({ id: c.contactid, score: c.new_behaviorscore }).toEqual({ id: c.contactid, score: 55 });
    expect(f.emu.stats.deletes).toBe(0);

    const page = await f.ops.get(`/api/v1/runs/${steps[0]!.runId}`).expect(200);
    expect(page.body.status).toBe('succeeded');
  });
});
