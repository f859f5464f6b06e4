import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';

const ORG = { leads: 10, contacts: 60, accounts: 12, users: 3, opportunities: 6, campaigns: 2 };
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
/** CRM fields a write stamps by itself; everything else must be exactly as before, except the Score. */
const STAMPED = new Set(['LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
const SCORE_FIELD = 'Behavior_Score__c';

/**
 * No decay, so the expected score does not depend on the moment the recompute ran; caps still
 * bite. Decay at a fixed "now" is covered by test/integration/scoring/events-and-scores.test.ts.
 */
const RULES = {
  email_open: { points: 2, cap: 6, halfLifeDays: null },
  email_click: { points: 5, cap: null, halfLifeDays: null },
  webinar_attend: { points: 20, cap: 30, halfLifeDays: null },
  unsubscribe: { points: -15, cap: null, halfLifeDays: null },
};
type EventType = keyof typeof RULES;

/** The score the rules define, computed here by hand: per type the points times the count, capped. */
function expectedScore(counts: Partial<Record<EventType, number>>): number {
  let total = 0;
  for (const [type, count] of Object.entries(counts) as [EventType, number][]) {
    const { points, cap } = RULES[type];
    const sum = points * count;
    total += cap === null ? sum : sum >= 0 ? Math.min(sum, cap) : Math.max(sum, -cap);
  }
  return total;
}

/**
 * Issue 6's end-to-end promise: events in, a program "set Behavior Score to the behavioural score",
 * then the list sync; the CRM emulator's Behavior Score equals the computed score for every member,
 * and nothing but that field changed in the CRM.
 */
describe('behavioural score from events to the CRM', () => {
  let f: ListFixture;
  let listId: string;
  let programId: string;

  beforeAll(async () => {
    f = await startListFixture('score_to_crm', { org: ORG, seed: 23 });
    listId = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
  }, 240_000);
  afterAll(async () => {
    if (programId) await f?.marketer.delete(`/api/v1/programs/${programId}`);
    await f?.close();
  });

  async function runProgram(): Promise<RunJson> {
    const started = await f.marketer.post(`/api/v1/programs/${programId}/runs`).expect(202);
    const run = await f.waitForRun(started.body.runId);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    return run;
  }

  it('makes the CRM Score equal every member\'s computed score, changes no other CRM field, and a second pass changes and pushes nothing', async () => {
    const contacts = f.emulator.store
      .list('Contact')
      .map((c) => ({ id: String(c.Id), email: typeof c.Email === 'string' ? c.Email : null }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(contacts).toHaveLength(ORG.contacts);

    // Events for two thirds of the contacts, some by e-mail (in another case), some by CRM id, with re-sent duplicates.
    const counts = new Map<string, Partial<Record<EventType, number>>>();
    const events: Record<string, unknown>[] = [];
    contacts.forEach((c, i) => {
      if (i % 3 === 2) return;
      const mine: Partial<Record<EventType, number>> = { email_open: 1 + (i % 5), email_click: i % 3, webinar_attend: i % 4 === 0 ? 2 : 0, unsubscribe: i % 11 === 0 ? 1 : 0 };
      counts.set(c.id, mine);
      let n = 0;
      for (const [type, count] of Object.entries(mine)) {
        for (let k = 0; k < count; k++) {
          const who = c.email && n % 2 === 0 ? { email: c.email.toUpperCase() } : { crmId: c.id };
          events.push({ ...who, type, occurredAt: daysAgo(1 + k + (i % 20)), idempotencyKey: `${c.id}:${type}:${k}` });
          n++;
        }
      }
    });
    const ingested = await f.marketer.post('/api/v1/events', [...events, ...events.slice(0, 25)]).expect(200);
    expect(ingested.body).toMatchObject({ stored: events.length, duplicates: 25, rejected: [] });
    const recompute = await f.marketer.put('/api/v1/scoring-rules', { rules: RULES }).expect(200);
    expect((await f.waitForRun(recompute.body.recompute.runId)).status).toBe('succeeded');

    const before = new Map(f.emulator.store.list('Contact').map((c) => [String(c.Id), { ...c }]));
    const expected = new Map(contacts.map((c) => [c.id, expectedScore(counts.get(c.id) ?? {})]));
    const needsWrite = contacts.filter((c) => before.get(c.id)?.[SCORE_FIELD] !== expected.get(c.id)).map((c) => c.id);
    expect(needsWrite.length).toBeGreaterThan(ORG.contacts / 2);
    expect(new Set(expected.values()).size).toBeGreaterThan(5);

    programId = (
      await f.marketer
        .post('/api/v1/programs', { listId, name: 'Behaviour score to Score', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'behavior_score' } }] })
        .expect(201)
    ).body.id;
    await runProgram();
    f.emulator.stats.reset();
    const sync = await f.syncList(listId);
    expect(sync.status).toBe('succeeded');
    expect(sync.counts.push).toMatchObject({ pushed: needsWrite.length, failed: 0 });

    for (const c of contacts) {
      const record = f.emulator.store.get('Contact', c.id)!;
      expect({ id: c.id, score: record[SCORE_FIELD] }).toEqual({ id: c.id, score: expected.get(c.id) });
      const changed = Object.keys({ ...record, ...before.get(c.id) }).filter(
        (field) => !STAMPED.has(field) && JSON.stringify(record[field]) !== JSON.stringify(before.get(c.id)?.[field]),
      );
      expect({ id: c.id, changed }).toEqual({ id: c.id, changed: needsWrite.includes(c.id) ? [SCORE_FIELD] : [] });
      expect({ id: c.id, writes: f.emulator.stats.writesOf(c.id) }).toEqual({ id: c.id, writes: needsWrite.includes(c.id) ? 1 : 0 });
    }
    expect(f.emulator.stats.deletes).toBe(0);

    const again = await runProgram();
    expect(Object.values(again.counts.steps as Record<string, { changed: number }>).map((s) => s.changed)).toEqual([0]);
    const quiet = await f.syncList(listId);
    expect(quiet.counts.push).toMatchObject({ candidates: 0, pushed: 0, calls: 0 });
  }, 240_000);
});
