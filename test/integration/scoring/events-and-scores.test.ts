import type { ListMemberDoc } from '../../../domain/models/list-member';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createScoringActivities } from '../../../activities/scoring';
import { scorePerson } from '../../../domain/scoring/score-person';
import { createUser, signIn } from '../../harness/app-under-test';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 10, contacts: 40, accounts: 10, users: 2, opportunities: 4, campaigns: 1 };
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** Engagement events in, behavioural scores out: validation, idempotency, late-joining people and recompute on a rules change. */
describe('engagement events and behavioural scores', () => {
  let f: ListFixture;
  let contacts: { id: string; email: string }[];

  beforeAll(async () => {
    f = await startListFixture('scoring_events', { org: ORG, seed: 11 });
    contacts = f.emulator.store
      .list('Contact')
      .filter((c) => typeof c.Email === 'string')
      .map((c) => ({ id: String(c.Id), email: String(c.Email) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  });
  afterAll(() => f?.close());

  /** The score each member must have under the current rules, at `now`, from the events stored for them. */
  async function expectedScore(member: Pick<ListMemberDoc, 'crmId' | 'emailKey'>, now: Date): Promise<number> {
    const rules = (await f.marketer.get('/api/v1/scoring-rules').expect(200)).body.rules;
    const events = await f.models.EngagementEvent.find({ $or: [{ crmId: member.crmId }, ...(member.emailKey ? [{ emailKey: member.emailKey }] : [])] }).lean();
    return scorePerson(events, rules, now);
  }

  it('stores the good events of a batch and names each rejected one by index and reason; re-sending stores nothing new', async () => {
    const batch = [
      { email: contacts[0].email.toUpperCase(), type: 'email_open', occurredAt: daysAgo(1) },
      { crmId: contacts[1].id, type: 'email_click', occurredAt: daysAgo(2), properties: { campaign: 'spring' } },
      { type: 'email_open', occurredAt: daysAgo(1) },
      { email: contacts[2].email, type: 'email_bounce', occurredAt: daysAgo(1) },
      { email: contacts[2].email, type: 'page_view', occurredAt: 'last tuesday' },
      { email: contacts[2].email, type: 'page_view', occurredAt: new Date(Date.now() + 3 * DAY_MS).toISOString() },
      { email: contacts[2].email, type: 'page_view', occurredAt: daysAgo(1), properties: 'url=/pricing' },
      { email: contacts[2].email, type: 'form_submit', occurredAt: daysAgo(3), idempotencyKey: 'form-1' },
    ];
    const first = await f.marketer.post('/api/v1/events', batch).expect(200);
    expect(first.body).toMatchObject({ received: 8, stored: 3, duplicates: 0 });
    expect(first.body.rejected.map((r: { index: number }) => r.index)).toEqual([2, 3, 4, 5, 6]);
    expect(first.body.rejected[0].reason).toMatch(/missing identity/);
    expect(first.body.rejected[1].reason).toMatch(/unknown type/);
    expect(first.body.rejected[3].reason).toMatch(/future/);
    expect(await f.models.EngagementEvent.countDocuments()).toBe(3);

    const again = await f.marketer.post('/api/v1/events', batch).expect(200);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 3 });
    // Same idempotency key with other content: the sender says it is the same event.
    await f.marketer.post('/api/v1/events', [{ email: contacts[3].email, type: 'webinar_attend', occurredAt: daysAgo(1), idempotencyKey: 'form-1' }]).expect(200);
    expect(await f.models.EngagementEvent.countDocuments()).toBe(3);
  });

  it('answers 400 for a body that is not a batch of 1 to 10,000 events', async () => {
    await f.marketer.post('/api/v1/events', { type: 'email_open' }).expect(400);
    await f.marketer.post('/api/v1/events', []).expect(400);
    const tooMany = Array.from({ length: 10_001 }, () => ({ crmId: 'x', type: 'email_open', occurredAt: daysAgo(1) }));
    const res = await f.marketer.post('/api/v1/events', tooMany).expect(400);
    expect(res.body.error.message).toMatch(/10000/);
  });

  it('keeps events for people on no list; they count once the person joins a list and scores are recomputed', async () => {
    const late = contacts.slice(10, 20);
    const events = late.flatMap((c, i) => [
      { email: c.email, type: 'email_click', occurredAt: daysAgo(i + 1) },
      { email: ` ${c.email} `, type: 'webinar_attend', occurredAt: daysAgo(2 * i + 5) },
      { crmId: c.id, type: 'page_view', occurredAt: daysAgo(i) },
    ]);
    expect((await f.marketer.post('/api/v1/events', events).expect(200)).body).toMatchObject({ stored: 30, rejected: [] });
    expect(await f.models.ListMember.countDocuments()).toBe(0);

    const { listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } });
    const put = await f.marketer.put('/api/v1/scoring-rules', { rules: { email_click: { points: 4 } } }).expect(200);
    expect(put.body.recompute).toMatchObject({ joined: false });
    const run = await f.waitForRun(put.body.recompute.runId);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'score-recompute' });

    for (const c of late) {
      const member = await f.models.ListMember.findOne({ listId, crmId: c.id }).lean();
      expect(member?.behaviorScore).toBe(4 + 15 + 1);
    }
  });

  it('changing the rules recomputes every member to the score the rules define, with caps and decay', async () => {
    const rules = {
      email_open: { points: 2, cap: 5, halfLifeDays: null },
      email_click: { points: 6, cap: null, halfLifeDays: 7 },
      webinar_attend: { points: 20, cap: 30, halfLifeDays: 14 },
      page_view: { points: 1, cap: null, halfLifeDays: null },
    };
    const put = await f.marketer.put('/api/v1/scoring-rules', { rules }).expect(200);
    const run = await f.waitForRun(put.body.recompute.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.members.scanned).toBe(await f.models.ListMember.countDocuments());

    const stored = (await f.marketer.get('/api/v1/scoring-rules').expect(200)).body;
    expect(stored.rules).toMatchObject(rules);
    expect(stored.lastRecompute).toMatchObject({ id: run.id, status: 'succeeded' });

    const finished = new Date((run as unknown as { finishedAt: string }).finishedAt);
    const members = await f.models.ListMember.find({}, { crmId: 1, emailKey: 1, behaviorScore: 1 }).lean();
    let scored = 0;
    for (const m of members) {
      // The pass scored at one instant just before it finished; decay over those milliseconds never moves a rounded score here.
      expect({ crmId: m.crmId, score: m.behaviorScore }).toEqual({ crmId: m.crmId, score: await expectedScore(m, finished) });
      if ((m.behaviorScore ?? 0) !== 0) scored++;
    }
    expect(scored).toBeGreaterThanOrEqual(10);
  });

  it('a rules change while a recompute runs joins it, and the scores end on the newest rules', async () => {
    const first = await f.marketer.put('/api/v1/scoring-rules', { rules: { page_view: { points: 3 } } }).expect(200);
    const second = await f.marketer.put('/api/v1/scoring-rules', { rules: { page_view: { points: 5 }, email_click: { points: 1, cap: 2, halfLifeDays: null } } }).expect(200);
    // The second either joined the first (one at a time) or started after it finished.
    if (second.body.recompute.joined) expect(second.body.recompute.runId).toBe(first.body.recompute.runId);
    const runs = await Promise.all([first, second].map((r) => f.waitForRun(r.body.recompute.runId)));
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const finished = new Date((runs[1] as unknown as { finishedAt: string }).finishedAt);
    for (const m of await f.models.ListMember.find({}, { crmId: 1, emailKey: 1, behaviorScore: 1 }).lean()) {
      expect({ crmId: m.crmId, score: m.behaviorScore }).toEqual({ crmId: m.crmId, score: await expectedScore(m, finished) });
    }
  });

  it('stores a batch larger than one insert chunk, skipping the duplicates inside it', async () => {
    const before = await f.models.EngagementEvent.countDocuments();
    const unique = Array.from({ length: 2_000 }, (_, i) => ({ email: `bulk-${i}@nowhere.example`, type: 'page_view', occurredAt: daysAgo(1), properties: { n: i } }));
    const res = await f.marketer.post('/api/v1/events', [...unique, ...unique.slice(0, 500)]).expect(200);
    expect(res.body).toMatchObject({ received: 2_500, stored: 2_000, duplicates: 500, rejected: [] });
    expect(await f.models.EngagementEvent.countDocuments()).toBe(before + 2_000);
  });

  it('scoreMembersOfList brings one list up to date with new events and leaves other lists alone', async () => {
    const { listId: other } = await f.importList({ name: 'All contacts again', source: { kind: 'all_contacts' } });
    const { listId } = await f.importList({ name: 'All contacts, third', source: { kind: 'all_contacts' } });
    const target = contacts[25];
    await f.marketer.post('/api/v1/events', [{ crmId: target.id, type: 'form_submit', occurredAt: daysAgo(1) }]).expect(200);
    const activities = createScoringActivities({ models: f.models });
    type Scored = Awaited<ReturnType<typeof activities.scoreMembersOfList>>;
    const scoreList = (id: string) => new MockActivityEnvironment().run(activities.scoreMembersOfList, { listId: id }) as Promise<Scored>;
    const result = await scoreList(listId);
    expect(result.scanned).toBe(await f.models.ListMember.countDocuments({ listId }));
    const member = await f.models.ListMember.findOne({ listId, crmId: target.id }).lean();
    expect(member?.behaviorScore).toBe(await expectedScore(member!, new Date()));
    expect(member?.behaviorScore).not.toBe(0);
    expect((await f.models.ListMember.findOne({ listId: other, crmId: target.id }).lean())?.behaviorScore).toBeNull();
    expect((await scoreList(listId)).changed).toBe(0);
  });

  it('rejects bad rules with 400 naming the field, and starts nothing', async () => {
    const runsBefore = await f.models.Run.countDocuments({ kind: 'score-recompute' });
    const res = await f.marketer.put('/api/v1/scoring-rules', { rules: { email_open: { points: 'many', cap: -1 }, email_bounce: { points: 1 } } }).expect(400);
    const paths = res.body.error.details.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['body.rules.email_open.points', 'body.rules.email_open.cap', 'body.rules']));
    expect(await f.models.Run.countDocuments({ kind: 'score-recompute' })).toBe(runsBefore);
  });

  it('shows the rules and the last recompute on the scoring page, and saves a form there', async () => {
    const marketer = await signIn(f.app.app, await createUser(f.models, 'marketer'));
    const page = await marketer.agent.get('/scoring').expect(200);
    expect(page.text).toContain('name="email_click.cap" inputmode="numeric" value="2"');
    expect(page.text).toMatch(/id="last-recompute"[\s\S]*succeeded/);

    const form = Object.fromEntries(['email_sent', 'email_open', 'email_click', 'page_view', 'form_submit', 'webinar_attend', 'unsubscribe'].flatMap((t) => [[`${t}.points`, '1'], [`${t}.cap`, ''], [`${t}.halfLifeDays`, '']]));
    const bad = await marketer.agent.post('/scoring').type('form').send({ ...form, _csrf: marketer.csrf, 'email_open.cap': '-3' }).expect(400);
    expect(bad.text).toContain('id="email_open.cap-error"');
    await marketer.agent.post('/scoring').type('form').send({ ...form, _csrf: marketer.csrf }).expect(302);
    const runId = (await f.marketer.get('/api/v1/scoring-rules').expect(200)).body.lastRecompute.id as string;
    expect((await f.waitForRun(runId)).status).toBe('succeeded');
  });
});
