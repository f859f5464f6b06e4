import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';

const ORG = { leads: 12, contacts: 40, accounts: 10, users: 3, opportunities: 5, campaigns: 2 };
const EMAIL_NOT_EMPTY = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };

type StepCounts = { index: number; kind: string; matched: number; changed: number };

/** List-maintenance programs: steps over a list's members, idempotent, counted per step, pushed by the next list sync. */
describe('list-maintenance programs', () => {
  let f: ListFixture;
  let contacts: string;
  let leads: string;
  const created: string[] = [];

  const members = (listId: string) => f.models.ListMember.find({ listId }).sort({ crmId: 1 }).lean();

  async function defineProgram(body: Record<string, unknown>): Promise<string> {
    const res = await f.marketer.post('/api/v1/programs', body).expect(201);
    created.push(res.body.id);
    return res.body.id as string;
  }

  async function runProgram(programId: string): Promise<{ run: RunJson; steps: StepCounts[] }> {
    const started = await f.marketer.post(`/api/v1/programs/${programId}/runs`).expect(202);
    expect(started.body).toMatchObject({ joined: false, runId: expect.any(String) });
    const run = await f.waitForRun(started.body.runId);
    expect({ status: run.status, error: run.error?.message ?? null, kind: run.kind }).toEqual({ status: 'succeeded', error: null, kind: 'list-maintenance' });
    expect(run.options).toMatchObject({ programId });
    const stored = await f.models.Run.findById(run.id, { listId: 1 }).lean();
    const program = await f.models.Program.findById(programId, { listId: 1 }).lean();
    expect(String(stored?.listId)).toBe(String(program?.listId));
    const steps = Object.values((run.counts.steps ?? {}) as Record<string, StepCounts>).sort((a, b) => a.index - b.index);
    return { run, steps };
  }

  beforeAll(async () => {
    f = await startListFixture('programs', { org: ORG, seed: 11 });
    contacts = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
    leads = (await f.importList({ name: 'All leads', source: { kind: 'all_leads' } })).listId;
  }, 240_000);
  afterAll(async () => {
    for (const id of created) await f?.marketer.delete(`/api/v1/programs/${id}`);
    await f?.close();
  });

  it('a program "set the Score field to 42 where Marketing.email is not empty" changes exactly those members, counts them, and changes nothing on a second run', async () => {
    const all = await members(contacts);
    // People without an email: blank both sides so this is not a local change the push would send.
    const withoutEmail = all.slice(0, 5).map((m) => m.crmId);
    await f.models.ListMember.updateMany({ listId: contacts, crmId: { $in: withoutEmail } }, { $set: { 'values.email': null, 'syncedValues.email': null } });
    const before = new Map(all.map((m) => [m.crmId, m.values.behaviorScore]));
    // The org also has a few people without an email of its own.
    const hasEmail = (m: (typeof all)[number]) => !withoutEmail.includes(m.crmId) && typeof m.values.email === 'string' && m.values.email.trim() !== '';
    const selected = new Set(all.filter(hasEmail).map((m) => m.crmId));
    expect(selected.size).toBeLessThan(all.length);
    expect(selected.size).toBeGreaterThan(0);
    const expected = all.filter((m) => selected.has(m.crmId) && m.values.behaviorScore !== 42).length;

    const programId = await defineProgram({ listId: contacts, name: 'Score 42', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: '42' }, when: EMAIL_NOT_EMPTY }] });
    const shown = (await f.marketer.get(`/api/v1/programs/${programId}`).expect(200)).body;
    expect(shown.steps[0]).toMatchObject({ set: { kind: 'constant', value: 42 } });

    const first = await runProgram(programId);
    expect(first.steps).toEqual([expect.objectContaining({ index: 0, kind: 'change_field', matched: selected.size, changed: expected })]);
    for (const m of await members(contacts)) {
      const want = selected.has(m.crmId) ? 42 : before.get(m.crmId);
      expect({ crmId: m.crmId, score: m.values.behaviorScore }).toEqual({ crmId: m.crmId, score: want });
    }
    const second = await runProgram(programId);
    expect(second.steps).toEqual([expect.objectContaining({ matched: selected.size, changed: 0 })]);
    expect((await f.marketer.get(`/api/v1/programs/${programId}`).expect(200)).body.lastRuns.map((r: { id: string }) => r.id)).toEqual([second.run.id, first.run.id]);

    // The list sync pushes values that differ: the CRM now holds the program's score.
    const sync = await f.syncList(contacts);
    expect(sync.status).toBe('succeeded');
    const crmScores = [...selected].map((id) => ({ id, crm: f.emulator.store.get('Contact', id)?.Behavior_Score__c }));
    expect(crmScores).toEqual([...selected].map((id) => ({ id, crm: 42 })));
  }, 180_000);

  it('copy and clear steps set a field from another and empty one, each counted, idempotently', async () => {
    const all = await members(contacts);
    const copies = all.filter((m) => (m.values.customerTier ?? null) !== (m.values.title ?? null)).length;
    const clears = all.filter((m) => m.values.lastWebinarDate !== null && m.values.lastWebinarDate !== undefined).length;
    const programId = await defineProgram({
      listId: contacts,
      name: 'Tier from title',
      steps: [
        { kind: 'change_field', field: 'customerTier', set: { kind: 'copy', from: 'title' } },
        { kind: 'change_field', field: 'lastWebinarDate', set: { kind: 'clear' } },
      ],
    });
    const first = await runProgram(programId);
    expect(first.steps.map((s) => [s.matched, s.changed])).toEqual([[all.length, copies], [all.length, clears]]);
    for (const m of await members(contacts)) {
      expect(m.values.customerTier ?? null).toEqual(m.values.title ?? null);
      expect(m.values.lastWebinarDate).toBeNull();
    }
    expect((await runProgram(programId)).steps.map((s) => s.changed)).toEqual([0, 0]);
  }, 120_000);

  it('add_to_list and remove_from_list move members between two lists under natural ids, once', async () => {
    const source = await members(contacts);
    const leadCount = (await members(leads)).length;
    const add = await defineProgram({ listId: contacts, name: 'Copy into leads list', steps: [{ kind: 'add_to_list', listId: leads }] });
    expect((await runProgram(add)).steps[0]).toMatchObject({ matched: source.length, changed: source.length });
    const target = await f.models.ListMember.find({ listId: leads, crmId: { $in: source.map((m) => m.crmId) } }).lean();
    expect(target).toHaveLength(source.length);
    const first = source[0];
    expect(target.find((m) => m.crmId === first.crmId)).toMatchObject({ _id: `${leads}:${first.crmId}`, type: 'Contact', values: expect.objectContaining({ email: first.values.email, behaviorScore: first.values.behaviorScore }) });
    expect((await f.models.MarketingList.findById(leads).lean())?.memberCount).toBe(leadCount + source.length);
    expect((await runProgram(add)).steps[0]).toMatchObject({ changed: 0 });

    const scored42 = source.filter((m) => m.values.behaviorScore === 42).length;
    const remove = await defineProgram({
      listId: contacts,
      name: 'Remove 42s from leads list',
      steps: [{ kind: 'remove_from_list', listId: leads, when: { all: [{ object: 'Marketing', field: 'behaviorScore', op: 'equals', value: 42 }] } }],
    });
    expect((await runProgram(remove)).steps[0]).toMatchObject({ matched: scored42, changed: scored42 });
    expect(await f.models.ListMember.countDocuments({ listId: leads })).toBe(leadCount + source.length - scored42);
    expect((await runProgram(remove)).steps[0]).toMatchObject({ changed: 0 });
  }, 180_000);

  it('a "set Behavior Score to the behavioural score" step first refreshes the scores, then writes them where they differ', async () => {
    const programId = await defineProgram({ listId: contacts, name: 'Behaviour score', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'behavior_score' } }] });
    const first = await runProgram(programId);
    const all = await members(contacts);
    expect(first.steps[0]).toMatchObject({ matched: all.length });
    for (const m of all) expect({ id: m.crmId, value: m.values.behaviorScore ?? null }).toEqual({ id: m.crmId, value: m.behaviorScore ?? null });
    expect((await runProgram(programId)).steps[0]).toMatchObject({ changed: 0 });
  }, 120_000);

  it('refuses invalid programs with a 400 naming each problem by its JSON path', async () => {
    const res = await f.marketer
      .post('/api/v1/programs', {
        listId: contacts,
        name: 'Broken',
        steps: [
          { kind: 'change_field', field: 'nosuchfield', set: { kind: 'clear' } },
          { kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: 'high' } },
          { kind: 'add_to_list', listId: contacts },
          { kind: 'remove_from_list', listId: '0123456789abcdef01234567' },
          { kind: 'change_field', field: 'email', set: { kind: 'clear' }, when: { all: [{ object: 'Marketing', field: 'email', op: 'gt', value: 3 }] } },
          { kind: 'rename' },
          { kind: 'change_field', field: 'customerTier', set: { kind: 'copy', from: 'newsletterOptIn' } },
        ],
        schedule: { mode: 'daily', at: '25:00' },
      })
      .expect(400);
    const paths = (res.body.error.details as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.schedule.at',
        'body.steps[0].field',
        'body.steps[1].set.value',
        'body.steps[2].listId',
        'body.steps[3].listId',
        'body.steps[4].when.all[0].op',
        'body.steps[5].kind',
        'body.steps[6].set.from',
      ]),
    );
    const missing = await f.marketer.post('/api/v1/programs', { steps: 'none' }).expect(400);
    expect((missing.body.error.details as { path: string }[]).map((p) => p.path)).toEqual(expect.arrayContaining(['body.listId', 'body.name', 'body.steps']));
    expect(await f.models.Program.countDocuments({ name: 'Broken' })).toBe(0);
  });

  it('warns when the program is scheduled after its list sync (daily 23:00 vs the list at 06:00), and not once it runs before', async () => {
    await f.admin.put(`/api/v1/lists/${contacts}/schedule`, { mode: 'daily', at: '06:00', timeZone: 'UTC' }).expect(200);
    try {
      const programId = await defineProgram({ listId: contacts, name: 'Nightly', steps: [], schedule: { mode: 'daily', at: '23:00', timeZone: 'UTC' } });
      const late = (await f.marketer.get(`/api/v1/programs/${programId}`).expect(200)).body;
      expect(late.warnings).toEqual([expect.stringContaining('not before its list')]);
      expect(late.schedule).toMatchObject({ mode: 'daily', at: '23:00', description: 'daily at 23:00 UTC' });
      expect((await f.admin.get(`/api/v1/programs`).expect(200)).body.programs.find((p: { id: string }) => p.id === programId).warnings).toHaveLength(1);

      await f.marketer.put(`/api/v1/programs/${programId}`, { name: 'Early', steps: [], schedule: { mode: 'daily', at: '05:00', timeZone: 'UTC' } }).expect(200);
      expect((await f.marketer.get(`/api/v1/programs/${programId}`).expect(200)).body.warnings).toEqual([]);
    } finally {
      await f.admin.put(`/api/v1/lists/${contacts}/schedule`, { mode: 'off' }).expect(200);
    }
  });

  it('the programs page lists programs and a program page shows the steps editor, warnings and Run now', async () => {
    const programId = created[0];
    const list = await f.marketer.get('/programs').set('accept', 'text/html').expect(200);
    expect(list.text).toContain('Score 42');
    const page = await f.marketer.get(`/programs/${programId}`).set('accept', 'text/html').expect(200);
    expect(page.text).toContain('name="stepsJson"');
    expect(page.text).toContain(`/programs/${programId}/runs`);
  });

  it('the program form keeps the user\'s text and lists every problem, and saves a valid program', async () => {
    const broken = await f.marketer.post('/programs', { name: 'From the page', listId: contacts, stepsJson: '[{"kind": ', scheduleMode: 'off' }).set('accept', 'text/html').type('form').expect(400);
    expect(broken.text).toContain('stepsJson');
    const invalid = await f.marketer.post('/programs', { name: 'From the page', listId: contacts, stepsJson: '[{"kind": "change_field", "field": "nope", "set": {"kind": "clear"}}]', scheduleMode: 'off' }).set('accept', 'text/html').type('form').expect(400);
    expect(invalid.text).toContain('body.steps[0].field');
    const saved = await f.marketer.post('/programs', { name: 'From the page', listId: contacts, stepsJson: '[{"kind": "change_field", "field": "customerTier", "set": {"kind": "constant", "value": "Gold"}}]', scheduleMode: 'daily', scheduleAt: '04:00', scheduleTimeZone: 'UTC' }).type('form').expect(303);
    const id = String(saved.headers.location).split('/').pop()!;
    created.push(id);
    expect((await f.marketer.get(`/api/v1/programs/${id}`).expect(200)).body).toMatchObject({ name: 'From the page', steps: [{ field: 'customerTier', set: { value: 'Gold' } }], schedule: { mode: 'daily', at: '04:00' } });
  });
});
