import request from 'supertest';
import { createUser, signIn } from '../../harness/app-under-test';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 20, contacts: 45, accounts: 8, users: 2, opportunities: 10, campaigns: 2 };
const UNKNOWN_CONNECTION = '64b0000000000000000000aa';

/** Members pages by cursor, counts from the list and segment, and one contact's page (JSON and HTML). */
describe('keyset member pages and the contact page', () => {
  let f: ListFixture;
  let listId: string;
  let segmentId: string;

  beforeAll(async () => {
    f = await startListFixture('contact_page', { org: ORG, seed: 5 });
    ({ listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' }, fields: ['firstName', 'title', 'behaviorScore'] }));
    const created = await f.marketer.post('/api/v1/segments', { listId, name: 'Everyone with an email', query: { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] } }).expect(201);
    segmentId = created.body.id as string;
    const started = await f.marketer.post(`/api/v1/segments/${segmentId}/refreshes`).expect(202);
    expect(await f.waitForRun(started.body.runId)).toMatchObject({ status: 'succeeded' });
  });
  afterAll(() => f?.close());

  async function walk(url: string, key: 'members'): Promise<{ ids: string[]; pages: number; totals: number[] }> {
    const ids: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { body: Record<string, any> } = await f.marketer.get(`${url}${url.includes('?') ? '&' : '?'}perPage=7${after ? `&after=${encodeURIComponent(after)}` : ''}`).expect(200);
      ids.push(...(res.body[key] as { crmId: string }[]).map((m) => m.crmId));
      totals.push(res.body.page.total);
      after = res.body.page.next;
      pages++;
    } while (after);
    return { ids, pages, totals };
  }

  it('list members are read page after page by cursor, each once, in order, with the list’s member count as total', async () => {
    const list = (await f.marketer.get(`/api/v1/lists/${listId}`).expect(200)).body;
    expect(list.memberCount).toBe(ORG.contacts);
    const byEmail = await walk(`/api/v1/lists/${listId}/members?sort=email&dir=asc`, 'members');
    expect(byEmail.pages).toBe(Math.ceil(ORG.contacts / 7));
    expect(new Set(byEmail.ids).size).toBe(ORG.contacts);
    expect(byEmail.totals.every((t) => t === ORG.contacts)).toBe(true);
    const stored = await f.models.ListMember.find({ listId }).sort({ emailKey: 1, crmId: 1 }).lean();
    expect(byEmail.ids).toEqual(stored.map((m) => m.crmId));
    // Newest first, ties (one import: many equal joinedAt) broken by CRM id: still each member once.
    const byJoined = await walk(`/api/v1/lists/${listId}/members?sort=joinedAt&dir=desc`, 'members');
    expect([...byJoined.ids].sort()).toEqual([...byEmail.ids].sort());
  });

  it('segment members are read by cursor too, the segment’s count as total', async () => {
    const segment = (await f.marketer.get(`/api/v1/segments/${segmentId}`).expect(200)).body;
    const walked = await walk(`/api/v1/segments/${segmentId}/members`, 'members');
    expect(walked.ids).toHaveLength(segment.count);
    expect(new Set(walked.ids).size).toBe(segment.count);
    expect(walked.ids).toEqual([...walked.ids].sort());
    expect(walked.totals.every((t) => t === segment.count)).toBe(true);
  });

  it('refuses a cursor it did not write and a page number past the first thousand rows, saying what to do', async () => {
    const bad = await f.marketer.get(`/api/v1/lists/${listId}/members?after=not-a-cursor`).expect(400);
    expect(bad.body.error.message).toContain('page.next');
    const far = await f.marketer.get(`/api/v1/lists/${listId}/members?perPage=100&page=12`).expect(400);
    expect(far.body.error.message).toContain('follow page.next');
    await f.marketer.get(`/api/v1/lists/${listId}/members?perPage=100&page=11`).expect(200);
  });

  it('the contact page shows the stored record, its mapped values, lists, segments and changes', async () => {
    const member = await f.models.ListMember.findOne({ listId }).lean();
    const crmId = member!.crmId;
    const res = await f.ops.get(`/api/v1/connections/${f.connectionId}/contacts/${crmId}`).expect(200);
    const contact = res.body;
    const record = f.emulator.store.list('Contact').find((c) => c.Id === crmId)!;
    expect(contact).toMatchObject({ crmId, object: 'Contact', connection: { id: f.connectionId } });
    expect(contact.record.fields.Email).toBe(record.Email);
    expect(contact.objectSync.lastSyncAt).toEqual(expect.any(String));
    expect(contact.mapped).toEqual(expect.arrayContaining([expect.objectContaining({ crmField: 'Email', raw: record.Email, field: 'email', value: member!.values.email })]));
    expect(contact.lists).toEqual([expect.objectContaining({ listId, name: 'All contacts' })]);
    expect(contact.segments).toEqual([expect.objectContaining({ segmentId, name: 'Everyone with an email' })]);
    expect(contact.listChanges).toEqual([expect.objectContaining({ listId, change: 'joined' })]);
    expect(contact.segmentChanges).toEqual([expect.objectContaining({ segmentId, change: 'joined' })]);

    const admin = await signIn(f.app.app, await createUser(f.models, 'admin', 'contact-admin@example.com'));
    const html = await admin.agent.get(`/connections/${f.connectionId}/contacts/${crmId}`).expect(200);
    expect(html.text).toContain(String(record.Email));
    expect(html.text).toContain('All contacts');
    expect(html.text).toContain('Everyone with an email');
    const listPage = await admin.agent.get(`/lists/${listId}?sort=email&dir=asc&perPage=200`).expect(200);
    expect(listPage.text).toContain(`/connections/${f.connectionId}/contacts/${crmId}`);
  });

  it('answers 404 for an unknown contact or connection and 400 for a malformed id, with the reason', async () => {
    const unknown = await f.ops.get(`/api/v1/connections/${f.connectionId}/contacts/003000000000000ZZZ`).expect(404);
    expect(unknown.body.error.message).toContain('003000000000000ZZZ');
    await f.ops.get(`/api/v1/connections/${UNKNOWN_CONNECTION}/contacts/003000000000000ZZZ`).expect(404);
    const malformed = await f.ops.get(`/api/v1/connections/${f.connectionId}/contacts/${encodeURIComponent('x y;drop')}`).expect(400);
    expect(malformed.body.error.message).toContain('malformed');
    await f.ops.get(`/api/v1/connections/not-an-id/contacts/003000000000000ZZZ`).expect(400);
    await request(f.app.app).get(`/api/v1/connections/${f.connectionId}/contacts/003000000000000ZZZ`).expect(401);
  });
});
