import { createConnectorFactory } from '../../../domain/crm/connector-factory';
import { loadSegmentReferenceData } from '../../../domain/segments/db/reference-data';
import { segmentCatalogForList } from '../../../domain/segments/db/list-catalog';
import { evaluateSegmentReference } from '../../../domain/segments/reference/evaluate';
import type { SegmentQuery } from '../../../domain/segments/query';
import { runSync } from '../crm-admin-sync/sync-fixture';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture } from '../lists/list-fixture';
import { expectOneRunAndAtMostOneFollowUp, type TriggerAnswer } from '../runs/trigger-answers';

const ORG = { leads: 30, contacts: 70, accounts: 12, users: 3, opportunities: 60, campaigns: 4 };
const UNKNOWN_ID = '64b0000000000000000000aa';

const BIG_WON = { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] };
const ANY_BIG_WON = { all: [{ related: 'Opportunity', match: 'any', where: BIG_WON }] };
const NONE_BIG_WON = { all: [{ related: 'Opportunity', match: 'none', where: BIG_WON }] };
const MIXED = {
  any: [
    { all: [{ object: 'Account', field: 'Industry', op: 'is_not_empty' }, { object: 'Marketing', field: 'newsletterOptIn', op: 'equals', value: true }] },
    { related: 'CampaignMember', match: 'any', where: { all: [{ object: 'Campaign', field: 'Type', op: 'in', value: ['Webinar', 'Email'] }] } },
    { related: 'Opportunity', match: 'any', count: { op: 'gte', value: 2 }, where: { all: [{ field: 'Amount', op: 'gte', value: 50000 }] } },
  ],
};

/** Segments end to end: real worker, FerretDB and the emulated org, through the JSON API. */
describe('segments API', () => {
  let f: ListFixture;
  let listId: string;
  /**
   * Explicit people: `one` has one opportunity that is both Closed Won and over 10,000; `split` has
   * each half on a different one; `leaver` has one big won deal, which a later test makes lost.
   */
  const people = { one: '', split: '', leaver: '' };
  const opportunities: Record<string, string> = {};

  async function createRecord(object: string, fields: Record<string, unknown>): Promise<string> {
    const result = (await f.org.sobject(object).create(fields)) as { id: string; success: boolean };
    expect(result.success).toBe(true);
    return result.id;
  }

  async function waitForRun(runId: string) {
    return waitFor(
      `run ${runId}`,
      async () => {
        const run = await f.models.Run.findById(runId).lean();
        return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      90_000,
    );
  }

  async function createSegment(name: string, query: unknown): Promise<string> {
    const created = await f.marketer.post('/api/v1/segments', { listId, name, query }).expect(201);
    return created.body.id as string;
  }

  async function refresh(segmentId: string) {
    const started = await f.marketer.post(`/api/v1/segments/${segmentId}/refreshes`).expect(202);
    const run = await waitForRun(started.body.runId);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'segment-refresh' });
    return run;
  }

  async function members(segmentId: string): Promise<string[]> {
    return (await f.models.SegmentMember.find({ segmentId }, { crmId: 1 }).lean()).map((m) => m.crmId).sort();
  }

  async function reference(query: unknown): Promise<string[]> {
    const list = await f.models.MarketingList.findById(listId).lean();
    const catalog = await segmentCatalogForList({ models: f.models, connectors: createConnectorFactory(f.models, f.box) }, list!);
    const data = await loadSegmentReferenceData(f.models, catalog.schema, { connectionId: f.connectionId, listId });
    return [...evaluateSegmentReference(query as SegmentQuery, catalog, data, { now: new Date() })].sort();
  }

  beforeAll(async () => {
    f = await startListFixture('segments_api', { org: ORG, seed: 77 });
    people.one = await createRecord('Contact', { FirstName: 'Una', LastName: 'One', Email: 'una.one@example.com' });
    people.split = await createRecord('Contact', { FirstName: 'Sam', LastName: 'Split', Email: 'sam.split@example.com' });
    people.leaver = await createRecord('Contact', { FirstName: 'Lee', LastName: 'Leaver', Email: 'lee.leaver@example.com' });
    const opportunity = async (key: string, StageName: string, Amount: number) => {
      opportunities[key] = await createRecord('Opportunity', { Name: `Explicit ${key}`, StageName, Amount, CloseDate: '2024-06-30' });
    };
    await opportunity('smallWon', 'Closed Won', 5000);
    await opportunity('bigLost', 'Closed Lost', 20000);
    await opportunity('bigWon', 'Closed Won', 15000);
    await opportunity('soloWon', 'Closed Won', 30000);
    await createRecord('OpportunityContactRole', { ContactId: people.leaver, OpportunityId: opportunities.soloWon });
    for (const key of ['smallWon', 'bigLost', 'bigWon']) await createRecord('OpportunityContactRole', { ContactId: people.one, OpportunityId: opportunities[key] });
    for (const key of ['smallWon', 'bigLost']) await createRecord('OpportunityContactRole', { ContactId: people.split, OpportunityId: opportunities[key] });
    await runSync(f, { mode: 'incremental' });
    ({ listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } }));
  });
  afterAll(() => f?.close());

  it('refuses every invalid query with a 400 listing each problem with its JSON path, never a 500', async () => {
    let deep: unknown = { all: [{ object: 'Member', field: 'LastName', op: 'is_empty' }] };
    for (let i = 0; i < 12; i++) deep = { all: [deep] };
    const query = {
      all: [
        { object: 'Member', field: 'Nope__c', op: 'equals', value: 'x' },
        { related: 'Opportunity', match: 'any', where: { all: [{ field: 'Amount', op: 'contains', value: '1' }] } },
        { related: 'Opportunity', match: 'any', where: { all: [{ field: 'Amount', op: 'gt', value: 'lots' }] } },
        deep,
        { object: 'Planet', field: 'x', op: 'equals', value: 'y' },
      ],
    };
    const res = await f.marketer.post('/api/v1/segments', { listId, name: 'Bad', query }).expect(400);
    const paths = (res.body.error.details as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.query.all[0].field',
        'body.query.all[1].where.all[0].op',
        'body.query.all[2].where.all[0].value',
        expect.stringMatching(/^body\.query\.all\[3\](\.all\[0\])+$/),
        'body.query.all[4].object',
      ]),
    );
    expect(paths).toHaveLength(5);
    // The same validation guards preview and update, and the request shape around the query.
    await f.marketer.post('/api/v1/segments/preview', { listId, query }).expect(400);
    const shape = await f.marketer.post('/api/v1/segments', { listId: 'nope', name: '', query: [] }).expect(400);
    expect((shape.body.error.details as { path: string }[]).map((p) => p.path).sort()).toEqual(['body.listId', 'body.name']);
    const notGroup = await f.marketer.post('/api/v1/segments', { listId, name: 'x', query: [] }).expect(400);
    expect(notGroup.body.error.details).toEqual([{ path: 'body.query', message: expect.any(String) }]);
    const unknownList = await f.marketer.post('/api/v1/segments', { listId: UNKNOWN_ID, name: 'x', query: { all: [] } }).expect(400);
    expect(unknownList.body.error.details).toEqual([{ path: 'body.listId', message: `no list ${UNKNOWN_ID}` }]);
    await f.marketer.post('/api/v1/segments', { listId, name: 'x', query: { all: [] }, extra: { $ne: 1 } }).expect(400);
    await f.marketer.get('/api/v1/segments/not-an-id').expect(400);
    await f.marketer.get(`/api/v1/segments/${UNKNOWN_ID}`).expect(404);
    await f.marketer.get(`/api/v1/segments/${UNKNOWN_ID}/explain?crmId[$ne]=x`).expect(400);
    expect(await f.models.Segment.countDocuments()).toBe(0);
  });

  it('a 1:many condition finds exactly the members the reference evaluator finds; any and none split the explicit contacts', async () => {
    const anyId = await createSegment('Big won deal', ANY_BIG_WON);
    const noneId = await createSegment('No big won deal', NONE_BIG_WON);
    const mixedId = await createSegment('Mixed', MIXED);
    for (const id of [anyId, noneId, mixedId]) await refresh(id);

    const any = await members(anyId);
    expect(any).toEqual(await reference(ANY_BIG_WON));
    expect(any).toContain(people.one);
    expect(any).not.toContain(people.split);
    const none = await members(noneId);
    expect(none).toEqual(await reference(NONE_BIG_WON));
    expect(none).toContain(people.split);
    expect(none).not.toContain(people.one);
    expect(any).toContain(people.leaver);
    expect(any.length + none.length).toBe(ORG.contacts + 3);
    const mixed = await members(mixedId);
    expect(mixed).toEqual(await reference(MIXED));
    expect(mixed.length).toBeGreaterThan(0);

    const stored = (await f.marketer.get(`/api/v1/segments/${anyId}`).expect(200)).body;
    const list = await f.models.MarketingList.findById(listId).lean();
    expect(stored).toMatchObject({ count: any.length, added: any.length, removed: 0, dataAsOf: list!.dataAsOf!.toISOString() });
    expect(stored.refreshedAt).toEqual(expect.any(String));
  });

  it('a preview counts what a refresh stores, and against a stored segment says what a change would add and remove', async () => {
    const segment = (await f.marketer.get('/api/v1/segments').expect(200)).body.segments.find((s: { name: string }) => s.name === 'Mixed');
    const preview = (await f.marketer.post('/api/v1/segments/preview', { listId, query: MIXED }).expect(200)).body;
    expect(preview.count).toBe(segment.count);
    expect(preview.sample.length).toBe(Math.min(10, segment.count));
    const widened = { any: [...MIXED.any, ...ANY_BIG_WON.all] };
    const expected = await reference(widened);
    const changes = (await f.marketer.post('/api/v1/segments/preview', { listId, query: widened, segmentId: segment.id }).expect(200)).body;
    expect(changes.count).toBe(expected.length);
    expect(changes.changes).toMatchObject({ added: expected.length - segment.count, removed: 0 });
  });

  it('explain says which condition failed for a non-member, with the values seen and the data freshness', async () => {
    const anyId = (await f.models.Segment.findOne({ name: 'Big won deal' }).lean())!._id;
    const res = (await f.marketer.get(`/api/v1/segments/${anyId}/explain?crmId=${people.split}`).expect(200)).body;
    expect(res).toMatchObject({ crmId: people.split, inSegment: false, passesNow: false });
    const related = res.explanation.tree.children[0];
    expect(related).toMatchObject({ kind: 'related', passed: false, relatedRecords: 2, passingRecords: 0 });
    const smallWon = related.records.find((r: { crmId: string }) => r.crmId === opportunities.smallWon);
    expect(smallWon.where.children).toEqual([
      expect.objectContaining({ field: 'StageName', passed: true, seen: 'Closed Won' }),
      expect.objectContaining({ field: 'Amount', passed: false, seen: 5000 }),
    ]);
    expect(res.freshness.objectsSyncedAt.Opportunity).toEqual(expect.any(String));
    const member = (await f.marketer.get(`/api/v1/segments/${anyId}/explain?crmId=${people.one}`).expect(200)).body;
    expect(member).toMatchObject({ inSegment: true, passesNow: true });
    await f.marketer.get(`/api/v1/segments/${anyId}/explain?crmId=003000000000000AAA`).expect(404);
  });

  it('a refresh after CRM changes records who joined and who left', async () => {
    const anyId = String((await f.models.Segment.findOne({ name: 'Big won deal' }).lean())!._id);
    await f.org.sobject('Opportunity').update({ Id: opportunities.bigLost, StageName: 'Closed Won' });
    await f.org.sobject('Opportunity').update({ Id: opportunities.bigWon, Amount: 100 });
    await f.org.sobject('Opportunity').update({ Id: opportunities.soloWon, StageName: 'Closed Lost' });
    // freshnessMinutes 0: the list sync runs the CRM Administration sync first.
    const sync = await f.syncList(listId, { freshnessMinutes: 0 });
    expect(sync.status).toBe('succeeded');
    const before = await members(anyId);
    const run = await refresh(anyId);
    const after = await members(anyId);
    // `one` still has bigLost (now won, 20,000); `split` has it too now.
    expect(after).toEqual(await reference(ANY_BIG_WON));
    expect(after).toContain(people.split);
    const joined = after.filter((id) => !before.includes(id));
    const left = before.filter((id) => !after.includes(id));
    expect(joined).toContain(people.split);
    expect(left).toContain(people.leaver);
    expect(after).toContain(people.one);
    expect(run.counts).toMatchObject({ count: after.length, joined: joined.length, left: left.length });
    const changes = await f.models.SegmentMembershipChange.find({ runId: String(run._id) }).lean();
    expect(changes.filter((c) => c.change === 'joined').map((c) => c.crmId).sort()).toEqual(joined.sort());
    expect(changes.filter((c) => c.change === 'left').map((c) => c.crmId).sort()).toEqual(left.sort());
    const stored = (await f.marketer.get(`/api/v1/segments/${anyId}`).expect(200)).body;
    expect(stored).toMatchObject({ added: joined.length, removed: left.length, count: after.length });
  });

  it('ten simultaneous refresh triggers start one run; the others join it or share one follow-up', async () => {
    const id = String((await f.models.Segment.findOne({ name: 'Mixed' }).lean())!._id);
    const runsBefore = await f.models.Run.countDocuments({ segmentId: id });
    const answers = await Promise.all(Array.from({ length: 10 }, () => f.marketer.post(`/api/v1/segments/${id}/refreshes`).expect(202)));
    const { started, followUp } = expectOneRunAndAtMostOneFollowUp(answers.map((a) => a.body as TriggerAnswer));
    for (const runId of [started, followUp]) if (runId) await waitForRun(runId);
    expect(await f.models.Run.countDocuments({ segmentId: id })).toBe(runsBefore + (followUp ? 2 : 1));
  });

  it('exports members as CSV, and counts segments with lists in a de-duplicated audience', async () => {
    const segment = (await f.marketer.get('/api/v1/segments').expect(200)).body.segments.find((s: { name: string }) => s.name === 'Big won deal');
    const list = (await f.marketer.get(`/api/v1/lists/${listId}`).expect(200)).body;
    const csv = await f.marketer.get(`/api/v1/segments/${segment.id}/members?format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(['crmId', 'type', ...list.fields].join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(await members(segment.id));
    const page = (await f.marketer.get(`/api/v1/segments/${segment.id}/members?perPage=2&page=1`).expect(200)).body;
    expect(page.page).toMatchObject({ total: segment.count, perPage: 2 });
    expect(page.members[0]).toMatchObject({ crmId: expect.any(String), email: expect.anything() });

    const audience = (await f.marketer.post('/api/v1/audiences/preview', { lists: [listId], segments: [segment.id], key: 'crmId' }).expect(200)).body;
    expect(audience).toMatchObject({ total: list.memberCount + segment.count, distinct: list.memberCount, duplicates: segment.count });
    const missing = await f.marketer.post('/api/v1/audiences/preview', { segments: [UNKNOWN_ID], key: 'email' }).expect(400);
    expect(missing.body.error.details).toEqual([{ path: 'body.segments[0]', message: `no segment ${UNKNOWN_ID}` }]);
  });

  it('without JavaScript the builder form takes the query as JSON text and lists every problem on the page', async () => {
    const bad = await f.marketer.post('/segments', undefined).type('form').send({ listId, name: 'Form', query: '{"all": [{"object": "Member", "field": "Nope__c", "op": "equals", "value": 1}' }).expect(400);
    expect(bad.text).toContain('not valid JSON');
    const invalid = await f.marketer.post('/segments', undefined).type('form').send({ listId, name: 'Form', query: JSON.stringify({ all: [{ object: 'Member', field: 'Nope__c', op: 'equals', value: 'x' }] }) }).expect(400);
    expect(invalid.text).toContain('query.all[0].field');
    const saved = await f.marketer.post('/segments', undefined).type('form').send({ listId, name: 'Form', query: JSON.stringify(ANY_BIG_WON) }).expect(302);
    expect(saved.headers.location).toMatch(/^\/segments\/[0-9a-f]{24}$/);
    await f.marketer.get(saved.headers.location).expect(200);
    await f.marketer.get(`${saved.headers.location}?crmId=${people.split}`).expect(200);
    await f.marketer.get(`${saved.headers.location}/edit`).expect(200);
  });

  it('ops may look at segments but not build, refresh or export them; marketers may; removing a segment removes its members', async () => {
    const segment = (await f.marketer.get('/api/v1/segments').expect(200)).body.segments[0];
    expect((await f.ops.get('/api/v1/segments').expect(200)).body.segments.map((s: { id: string }) => s.id)).toContain(segment.id);
    await f.ops.post('/api/v1/segments', { listId, name: 'x', query: { all: [] } }).expect(403);
    await f.ops.post(`/api/v1/segments/${segment.id}/refreshes`).expect(403);
    await f.ops.get(`/api/v1/segments/${segment.id}/members?format=csv`).expect(403);
    await f.ops.delete(`/api/v1/segments/${segment.id}`).expect(403);
    const renamed = await f.marketer.put(`/api/v1/segments/${segment.id}`, { name: 'Renamed' }).expect(200);
    expect(renamed.body.name).toBe('Renamed');
    await f.marketer.put(`/api/v1/segments/${segment.id}`, { query: { all: [{ object: 'Member', field: 'Email', op: 'gt', value: 1 }] } }).expect(400);
    await f.marketer.delete(`/api/v1/segments/${segment.id}`).expect(204);
    await f.marketer.get(`/api/v1/segments/${segment.id}`).expect(404);
    expect(await f.models.SegmentMember.countDocuments({ segmentId: segment.id })).toBe(0);
  });
});
