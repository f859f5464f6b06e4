import type { ConflictRule } from '../../../domain/mapping/conflict-rules';
import type { ConnectionMapping } from '../../../domain/mapping/mapping';
import { listMemberKey } from '../../../domain/models/list-member';
import { DEMO_MAPPING } from '../../../scripts/demo-connection';
import { runSync } from '../crm-admin-sync/sync-fixture';
import { startListFixture, type ListFixture, type RunJson } from './list-fixture';

const ORG = { leads: 40, contacts: 200, accounts: 20, users: 3, opportunities: 10, campaigns: 2 };

type Conflict = { crmId: string; field: string; marketingValue: unknown; crmValue: unknown; agreedValue: unknown; rule: string; winner: string; outcome: string };

/**
 * A list push writes only what marketing changed since the value last agreed with the CRM: CRM
 * users' edits of pushed fields arrive in the list and are never reverted, fields both sides changed
 * are settled by the field's rule (and listed on the run), and a blank never overwrites a CRM value
 * unless a rule the admin can see says so.
 */
describe('list push conflicts: the CRM user\'s edits are never reverted', () => {
  let f: ListFixture;
  let contacts: string;
  let leads: string;
  let nextRepValue = 1_000;

  const crm = (object: 'Contact' | 'Lead', id: string, field: string) => f.emulator.store.get(object, id)?.[field] ?? null;
  const member = (listId: string, crmId: string) => f.models.ListMember.findById(listMemberKey(listId, crmId)).lean();
  const memberIds = async (listId: string) => (await f.models.ListMember.find({ listId }, { crmId: 1 }).sort({ crmId: 1 }).lean()).map((m) => m.crmId);
  const writesTo = (ids: string[]) => ids.reduce((n, id) => n + f.emulator.stats.writesOf(id), 0);

  /** A sales rep types into the CRM, as a person would (the record's stamp moves). */
  function repEdits(object: 'Contact' | 'Lead', ids: string[], field: string, value?: (i: number) => string | number | null): Map<string, unknown> {
    const typed = new Map<string, unknown>();
    ids.forEach((id, i) => {
      const next = value ? value(i) : nextRepValue++;
      f.emulator.store.update(object, id, { [field]: next });
      typed.set(id, next);
    });
    return typed;
  }

  /** Marketing changes a field the way a program step does: the value and its change note. */
  async function marketingSets(listId: string, ids: string[], field: string, value: unknown, at = new Date()): Promise<void> {
    await f.models.ListMember.updateMany({ listId, crmId: { $in: ids } }, { $set: { [`values.${field}`]: value, [`localChanges.${field}`]: { at } } });
  }

  async function saveMapping(change: (entry: ConnectionMapping['entries'][number]) => ConnectionMapping['entries'][number]): Promise<void> {
    const mapping: ConnectionMapping = { ...DEMO_MAPPING, entries: DEMO_MAPPING.entries.map(change) };
    await f.admin.put(`/api/v1/connections/${f.connectionId}/mapping`, mapping).expect(200);
  }

  /** Titles may be pushed, with the given rule; everything else as the demo mapping has it. */
  const titleRule = (conflictRule?: ConflictRule, blankClears?: boolean) =>
    saveMapping((e) => (e.crmField === 'Title' ? { ...e, allowPush: true, ...(conflictRule ? { conflictRule } : {}), ...(blankClears ? { blankClears } : {}) } : e));

  async function conflictsOf(run: RunJson): Promise<Conflict[]> {
    return (await f.ops.get(`/api/v1/runs/${run.id}/conflicts?perPage=100&dir=asc`).expect(200)).body.conflicts as Conflict[];
  }

  async function sync(listId: string): Promise<RunJson> {
    const run = await f.syncList(listId);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    return run;
  }

  beforeAll(async () => {
    f = await startListFixture('push_conflicts', { org: ORG, seed: 27 });
    await titleRule();
    // Five contacts whose score is empty in the CRM when the list is imported: their members hold a blank.
    const all = f.emulator.store.list('Contact').map((r) => String(r.Id)).sort();
    repEdits('Contact', all.slice(0, 5), 'Behavior_Score__c', () => null);
    await runSync(f, { mode: 'incremental' });
    // Fresh CRM data on every list sync: each one runs the incremental admin sync first.
    const settings = { freshnessMinutes: 0, push: { fields: ['behaviorScore', 'title'] } };
    contacts = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
    leads = (await f.importList({ name: 'All leads', source: { kind: 'all_leads' } })).listId;
    await f.marketer.put(`/api/v1/lists/${contacts}/sync-settings`, settings).expect(200);
    await f.marketer.put(`/api/v1/lists/${leads}/sync-settings`, settings).expect(200);
  }, 240_000);
  afterAll(() => f?.close());

  it("a rep's score edits on 30 Contacts and 20 Leads survive the lists' syncs, arrive in the lists, and cost no CRM write (blanks included)", async () => {
    const contactIds = (await memberIds(contacts)).slice(0, 30);
    const leadIds = (await memberIds(leads)).slice(0, 20);
    expect((await member(contacts, contactIds[0] as string))?.values.behaviorScore).toBeNull();
    const typed = new Map([...repEdits('Contact', contactIds, 'Behavior_Score__c'), ...repEdits('Lead', leadIds, 'Behavior_Score__c')]);
    f.emulator.stats.reset();

    const contactRun = await sync(contacts);
    const leadRun = await sync(leads);
    for (const run of [contactRun, leadRun]) expect(run.counts.push).toMatchObject({ candidates: 0, pushed: 0, failed: 0 });
    expect(writesTo([...typed.keys()])).toBe(0);
    for (const [id, value] of typed) {
      const object = contactIds.includes(id) ? 'Contact' : 'Lead';
      const m = await member(object === 'Contact' ? contacts : leads, id);
      expect({ id, crm: crm(object, id, 'Behavior_Score__c'), list: m?.values.behaviorScore, agreed: m?.syncedValues.behaviorScore }).toEqual({ id, crm: value, list: value, agreed: value });
    }
    // The list shows what arrived: one "updated" change per edited member.
    const changes = (await f.ops.get(`/api/v1/runs/${contactRun.id}/membership-changes?change=updated&perPage=100`).expect(200)).body.changes as { crmId: string }[];
    expect(changes.map((c) => c.crmId).sort()).toEqual([...contactIds].sort());

    // And the next syncs, with nothing new on either side, still write nothing.
    await sync(contacts);
    await sync(leads);
    expect(writesTo([...typed.keys()])).toBe(0);
  }, 180_000);

  it('a program changes 100 scores: exactly those 100 are pushed, and a rep\'s edits to 30 others survive', async () => {
    const ids = (await memberIds(contacts)).slice(30);
    const withEmail = (await f.models.ListMember.find({ listId: contacts, crmId: { $in: ids } }, { crmId: 1, values: 1 }).sort({ crmId: 1 }).lean()).filter(
      (m) => typeof m.values.email === 'string' && m.values.email !== '',
    );
    // Emails the org gives one person only, so the program's condition selects exactly these members.
    const everyEmail = (await f.models.ListMember.find({ listId: contacts }, { values: 1 }).lean()).map((m) => m.values.email);
    const unique = withEmail.filter((m) => everyEmail.filter((e) => e === m.values.email).length === 1);
    const scored = unique.slice(0, 100);
    const scoredIds = scored.map((m) => m.crmId);
    const repIds = unique.slice(100, 130).map((m) => m.crmId);
    expect({ scored: scored.length, rep: repIds.length }).toEqual({ scored: 100, rep: 30 });
    const typed = repEdits('Contact', repIds, 'Behavior_Score__c');

    const program = await f.marketer
      .post('/api/v1/programs', {
        listId: contacts,
        name: 'Score 777 for a hundred',
        steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: 777 }, when: { all: [{ object: 'Marketing', field: 'email', op: 'in', value: scored.map((m) => m.values.email) }] } }],
      })
      .expect(201);
    const started = await f.marketer.post(`/api/v1/programs/${program.body.id}/runs`).expect(202);
    expect(await f.waitForRun(started.body.runId)).toMatchObject({ status: 'succeeded' });
    f.emulator.stats.reset();

    const run = await sync(contacts);
    expect(run.counts.push).toMatchObject({ candidates: 100, pushed: 100, failed: 0, conflicts: 0 });
    for (const id of scoredIds) expect({ id, crm: crm('Contact', id, 'Behavior_Score__c'), writes: f.emulator.stats.writesOf(id) }).toEqual({ id, crm: 777, writes: 1 });
    for (const [id, value] of typed) {
      expect({ id, crm: crm('Contact', id, 'Behavior_Score__c'), list: (await member(contacts, id))?.values.behaviorScore, writes: f.emulator.stats.writesOf(id) }).toEqual({ id, crm: value, list: value, writes: 0 });
    }
    await f.marketer.delete(`/api/v1/programs/${program.body.id}`).expect(204);
  }, 180_000);

  describe('both sides change one field: each rule gives its documented winner, and the run lists the conflict', () => {
    // Fresh members for each rule, past the ones the tests above touched.
    let pool: string[];
    const take = (n: number) => pool.splice(0, n);
    beforeAll(async () => {
      pool = (await memberIds(contacts)).slice(170);
    });
    afterAll(() => titleRule());

    async function conflictRound(rule: ConflictRule | undefined, setup: () => Promise<void>) {
      await titleRule(rule);
      await setup();
      f.emulator.stats.reset();
      const run = await sync(contacts);
      return { run, conflicts: await conflictsOf(run) };
    }

    it('CRM wins (the default for a non-Score field): the rep\'s title stays, marketing\'s is replaced in the list', async () => {
      const [id] = take(1) as [string];
      const { run, conflicts } = await conflictRound(undefined, async () => {
        await marketingSets(contacts, [id], 'title', 'Marketing Title');
        repEdits('Contact', [id], 'Title', () => 'Rep Title');
      });
      expect({ crm: crm('Contact', id, 'Title'), list: (await member(contacts, id))?.values.title, writes: f.emulator.stats.writesOf(id) }).toEqual({ crm: 'Rep Title', list: 'Rep Title', writes: 0 });
      expect(conflicts).toEqual([expect.objectContaining({ crmId: id, field: 'title', marketingValue: 'Marketing Title', crmValue: 'Rep Title', rule: 'crm-wins', winner: 'crm', outcome: 'taken-from-crm' })]);
      expect(run.counts.push.conflicts).toBe(1);
      // The run page shows the conflict to ops.
      const page = await f.ops.get(`/runs/${run.id}`).expect(200);
      expect(page.text).toContain('data-count="conflicts">1<');
      expect(page.text).toContain('Rep Title');
    });

    it('marketing wins (the default for a Score field): marketing\'s score is pushed over the rep\'s', async () => {
      const [id] = take(1) as [string];
      const { conflicts } = await conflictRound(undefined, async () => {
        await marketingSets(contacts, [id], 'behaviorScore', 4242);
        repEdits('Contact', [id], 'Behavior_Score__c', () => 17);
      });
      expect({ crm: crm('Contact', id, 'Behavior_Score__c'), list: (await member(contacts, id))?.values.behaviorScore, writes: f.emulator.stats.writesOf(id) }).toEqual({ crm: 4242, list: 4242, writes: 1 });
      expect(conflicts).toEqual([expect.objectContaining({ crmId: id, field: 'behaviorScore', marketingValue: 4242, crmValue: 17, rule: 'marketing-wins', winner: 'marketing', outcome: 'pushed' })]);
    });

    it('most recent change wins: the later side keeps its value', async () => {
      const [older, newer] = take(2) as [string, string];
      const { conflicts } = await conflictRound('most-recent', async () => {
        // Marketing changed `older` an hour before the rep did, and `newer` an hour after.
        await marketingSets(contacts, [older], 'title', 'Marketing early', new Date(Date.now() - 3_600_000));
        await marketingSets(contacts, [newer], 'title', 'Marketing late', new Date(Date.now() + 3_600_000));
        repEdits('Contact', [older, newer], 'Title', () => 'Rep now');
      });
      expect({ older: crm('Contact', older, 'Title'), newer: crm('Contact', newer, 'Title') }).toEqual({ older: 'Rep now', newer: 'Marketing late' });
      expect({ older: (await member(contacts, older))?.values.title, newer: (await member(contacts, newer))?.values.title }).toEqual({ older: 'Rep now', newer: 'Marketing late' });
      expect(conflicts.map((c) => [c.crmId, c.rule, c.winner]).sort()).toEqual(
        [
          [older, 'most-recent', 'crm'],
          [newer, 'most-recent', 'marketing'],
        ].sort(),
      );
    });

    it('CRM unless blank: a rep\'s value stays, a title the rep emptied is filled by marketing\'s', async () => {
      const [kept, filled] = take(2) as [string, string];
      const { conflicts } = await conflictRound('crm-unless-blank', async () => {
        await marketingSets(contacts, [kept, filled], 'title', 'Marketing Title');
        repEdits('Contact', [kept], 'Title', () => 'Rep Title');
        repEdits('Contact', [filled], 'Title', () => null);
      });
      expect({ kept: crm('Contact', kept, 'Title'), filled: crm('Contact', filled, 'Title') }).toEqual({ kept: 'Rep Title', filled: 'Marketing Title' });
      expect(conflicts.map((c) => [c.crmId, c.winner, c.outcome]).sort()).toEqual(
        [
          [kept, 'crm', 'taken-from-crm'],
          [filled, 'marketing', 'pushed'],
        ].sort(),
      );
    });

    it('the mapping editor shows each field\'s rule', async () => {
      await titleRule('most-recent', true);
      const page = await f.admin.get(`/connections/${f.connectionId}/mapping`).expect(200);
      expect(page.text).toMatch(/<option value="most-recent" selected>most recent change wins<\/option>/);
      expect(page.text).toContain('default (marketing wins)');
      const saved = (await f.admin.get(`/api/v1/connections/${f.connectionId}/mapping`).expect(200)).body;
      expect(JSON.stringify(saved)).toContain('"conflictRule":"most-recent"');
      await f.admin.put(`/api/v1/connections/${f.connectionId}/mapping`, { ...DEMO_MAPPING, entries: [{ ...DEMO_MAPPING.entries[0], conflictRule: 'loudest-wins' }, ...DEMO_MAPPING.entries.slice(1)] }).expect(400);
    });
  });

  it('an emptied list value never blanks a CRM value, unless a program clears it on purpose or the rule says "blank clears"', async () => {
    await titleRule();
    const listed = await f.models.ListMember.find({ listId: contacts }, { crmId: 1, values: 1 }).sort({ crmId: 1 }).lean();
    // People with a title in the CRM and an email no one else has (the program below selects by email).
    const withTitle = listed
      .slice(140)
      .filter((m) => crm('Contact', m.crmId, 'Title') !== null && typeof m.values.email === 'string' && listed.filter((o) => o.values.email === m.values.email).length === 1)
      .slice(0, 4)
      .map((m) => m.crmId);
    expect(withTitle).toHaveLength(4);
    const [cleared, ...emptied] = withTitle as [string, ...string[]];
    const titles = new Map(withTitle.map((id) => [id, crm('Contact', id, 'Title')]));
    await marketingSets(contacts, emptied, 'title', null);
    f.emulator.stats.reset();
    const held = await sync(contacts);
    expect(writesTo(emptied)).toBe(0);
    for (const id of emptied) expect(crm('Contact', id, 'Title')).toBe(titles.get(id));
    expect(held.counts.push.skipped).toEqual([expect.objectContaining({ field: 'title', count: 3, reason: expect.stringContaining('blank clears') })]);

    // A program step that clears the field is an explicit decision: it reaches the CRM.
    const email = (await member(contacts, cleared))?.values.email;
    const program = await f.marketer
      .post('/api/v1/programs', { listId: contacts, name: 'Clear one title', steps: [{ kind: 'change_field', field: 'title', set: { kind: 'clear' }, when: { all: [{ object: 'Marketing', field: 'email', op: 'equals', value: email }] } }] });
    expect({ status: program.status, body: program.status === 201 ? null : program.body }).toEqual({ status: 201, body: null });
    const started = await f.marketer.post(`/api/v1/programs/${program.body.id}/runs`).expect(202);
    expect(await f.waitForRun(started.body.runId)).toMatchObject({ status: 'succeeded' });
    await sync(contacts);
    expect({ cleared: crm('Contact', cleared, 'Title'), writes: f.emulator.stats.writesOf(cleared) }).toEqual({ cleared: null, writes: 1 });
    for (const id of emptied) expect(crm('Contact', id, 'Title')).toBe(titles.get(id));
    await f.marketer.delete(`/api/v1/programs/${program.body.id}`).expect(204);

    // With "blank clears" on the field, the held blanks go through.
    await titleRule(undefined, true);
    await sync(contacts);
    for (const id of emptied) expect({ id, title: crm('Contact', id, 'Title'), writes: f.emulator.stats.writesOf(id) }).toEqual({ id, title: null, writes: 1 });
    await titleRule();
  }, 180_000);
});
