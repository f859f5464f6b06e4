import { startListFixture, type ListFixture } from '../lists/list-fixture';
import { createUser, signIn } from '../../harness/app-under-test';

const ORG = { leads: 5, contacts: 12, accounts: 4, users: 2, opportunities: 3, campaigns: 1 };
const EMAIL_NOT_EMPTY = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };

/**
 * Issue 17, finding 5: ops got 403 on lists, segments and programs although the README said they
 * may look at everything. Ops now look at them (pages and JSON) and change, run and export nothing.
 */
describe('ops look at lists, programs and segments read-only', () => {
  let f: ListFixture;
  let listId: string;
  let segmentId: string;
  let programId: string;
  let ops: Awaited<ReturnType<typeof signIn>>;
  let marketer: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    f = await startListFixture('opsread', { org: ORG, seed: 5 });
    listId = (await f.importList({ name: 'Ops-visible contacts', source: { kind: 'all_contacts' } })).listId;
    segmentId = (await f.marketer.post('/api/v1/segments', { listId, name: 'Ops-visible segment', query: EMAIL_NOT_EMPTY }).expect(201)).body.id;
    programId = (await f.marketer.post('/api/v1/programs', { listId, name: 'Ops-visible program', steps: [{ kind: 'change_field', field: 'title', set: { kind: 'clear' } }] }).expect(201)).body.id;
    ops = await signIn(f.app.app, await createUser(f.models, 'ops'));
    marketer = await signIn(f.app.app, await createUser(f.models, 'marketer'));
  }, 240_000);
  afterAll(() => f?.close());

  it('pages show lists, segments, programs and scoring to ops without any button that changes them', async () => {
    const nav = (await ops.agent.get('/runs').expect(200)).text;
    for (const link of ['href="/lists"', 'href="/programs"', 'href="/segments"']) expect(nav).toContain(link);

    const lists = (await ops.agent.get('/lists').expect(200)).text;
    expect(lists).toContain('Ops-visible contacts');
    expect(lists).not.toContain('New list');
    const list = (await ops.agent.get(`/lists/${listId}`).expect(200)).text;
    const controls = [`action="/lists/${listId}/syncs"`, 'Save sync settings', 'Remove list', 'Export CSV'];
    for (const hidden of controls) expect(list).not.toContain(hidden);
    expect(list).toMatch(/<fieldset class="plain" disabled>/);

    expect((await ops.agent.get('/segments').expect(200)).text).toContain('Ops-visible segment');
    const segment = (await ops.agent.get(`/segments/${segmentId}`).expect(200)).text;
    for (const hidden of ['Edit query', 'id="segment-refresh"', 'Remove segment', 'Export CSV']) expect(segment).not.toContain(hidden);

    expect((await ops.agent.get('/programs').expect(200)).text).toContain('Ops-visible program');
    const program = (await ops.agent.get(`/programs/${programId}`).expect(200)).text;
    expect(program).not.toContain('Run now');
    expect(program).not.toContain('>Save<');
    expect(program).toMatch(/<fieldset class="plain" disabled>/);
    expect((await ops.agent.get('/scoring').expect(200)).text).not.toContain('Save and recompute scores');

    // Marketers still get every control.
    const forMarketer = (await marketer.agent.get(`/lists/${listId}`).expect(200)).text;
    for (const shown of controls) expect(forMarketer).toContain(shown);
  });

  it('the JSON API answers ops reads and refuses their writes, runs and exports', async () => {
    expect((await f.ops.get('/api/v1/lists').expect(200)).body.lists.map((l: { id: string }) => l.id)).toContain(listId);
    await f.ops.get(`/api/v1/lists/${listId}`).expect(200);
    expect((await f.ops.get(`/api/v1/lists/${listId}/members`).expect(200)).body.members.length).toBeGreaterThan(0);
    await f.ops.get(`/api/v1/segments/${segmentId}`).expect(200);
    await f.ops.get(`/api/v1/programs/${programId}`).expect(200);
    await f.ops.get('/api/v1/scoring-rules').expect(200);

    await f.ops.get(`/api/v1/lists/${listId}/members?format=csv`).expect(403);
    await f.ops.get(`/api/v1/segments/${segmentId}/members?format=csv`).expect(403);
    await f.ops.post(`/api/v1/lists/${listId}/syncs`).expect(403);
    await f.ops.post(`/api/v1/programs/${programId}/runs`).expect(403);
    await f.ops.put(`/api/v1/programs/${programId}`, { name: 'Renamed by ops' }).expect(403);
    await f.ops.delete(`/api/v1/segments/${segmentId}`).expect(403);
    await ops.agent.post(`/lists/${listId}/delete`).type('form').send({ _csrf: ops.csrf }).expect(403);
    expect(await f.models.MarketingList.exists({ _id: listId })).toBeTruthy();
    expect((await f.models.Program.findById(programId).lean())?.name).toBe('Ops-visible program');
  });
});
