import request from 'supertest';
import { ENGAGEMENT_EVENT_TYPES } from '../../../domain/scoring/event-types';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';

/** Issue 17, finding 5 (the Low items that live in the web app): each attack of the issue, refused or harmless. */
describe('low findings of issue 17', () => {
  let t: AppUnderTest;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let marketer: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    t = await buildTestApp('lowfindings');
    const adminUser = await createUser(t.models, 'admin');
    admin = await signIn(t.app, adminUser);
    marketer = await signIn(t.app, await createUser(t.models, 'marketer'));
    await t.models.AuditEntry.create({ at: new Date(), actor: { kind: 'user', id: 'x', name: adminUser.email }, action: 'created-secret-thing', target: { kind: 'connection', id: 'c', name: 'Board-only connection' } });
  });
  afterAll(() => t?.close());

  describe('the audit log', () => {
    it('marketers see no audit entries on the dashboard, as /api/v1/audit refuses them', async () => {
      await marketer.agent.get('/api/v1/audit').expect(403);
      const page = await marketer.agent.get('/').expect(200);
      expect(page.text).not.toContain('Recent activity');
      expect(page.text).not.toContain('Board-only connection');
      // Roles that may read the audit log still see its tail.
      expect((await admin.agent.get('/').expect(200)).text).toContain('Board-only connection');
    });
  });

  describe('scoring rules', () => {
    const fullForm = () =>
      Object.fromEntries(ENGAGEMENT_EVENT_TYPES.flatMap((type) => [[`${type}.points`, '5'], [`${type}.cap`, ''], [`${type}.halfLifeDays`, '']]));

    it('a POST /scoring with missing fields is a 400 naming them and changes no rule', async () => {
      const before = (await admin.agent.get('/api/v1/scoring-rules').expect(200)).body.rules;
      const res = await admin.agent.post('/scoring').type('form').send({ _csrf: admin.csrf });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Nothing saved: missing email_sent.points');
      expect(res.text).toContain('form_submit.halfLifeDays');
      const partial = { ...fullForm(), _csrf: admin.csrf, 'email_click.points': '  ' } as Record<string, string>;
      delete partial['webinar_attend.cap'];
      const second = await admin.agent.post('/scoring').type('form').send(partial);
      expect(second.status).toBe(400);
      expect(second.text).toContain('missing email_click.points, webinar_attend.cap');
      expect((await admin.agent.get('/api/v1/scoring-rules').expect(200)).body.rules).toEqual(before);
      expect(await t.models.ScoringRules.countDocuments()).toBe(0);
    });

    it('the JSON API refuses a named type without points, naming the field, instead of storing 0', async () => {
      const res = await admin.agent.put('/api/v1/scoring-rules').set('x-csrf-token', admin.csrf).send({ rules: { email_open: { cap: 5 } } }).expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.rules.email_open.points' })]);
      expect(await t.models.ScoringRules.countDocuments()).toBe(0);
    });
  });

  describe('engagement event properties', () => {
    const event = (properties: Record<string, unknown>, email = 'ada@example.com') => ({ email, type: 'page_view', occurredAt: new Date().toISOString(), properties });

    it('keys the database cannot store are refused per event, naming the event and the key; the good events are stored; never a 500', async () => {
      const batch = [
        event({ url: '/pricing' }),
        event({ $where: 'sleep(1000)' }),
        event({ 'utm.source': 'mail' }),
        event({ nested: { ok: true, deeper: [{ $gt: '' }] } }),
        event({ 'nul\u0000key': 1 }),
        event({ campaign: 'spring' }, 'bob@example.com'),
      ];
      // Routing ignores case, so an upper-case path reaches the JSON API and must be answered as JSON, never an HTML 500 with a stack.
      const res = await marketer.agent.post('/API/v1/events').set('x-csrf-token', marketer.csrf).send(batch);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 6, stored: 2 });
      expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4]);
      const reasons = res.body.rejected.map((r: { reason: string }) => r.reason);
      expect(reasons[0]).toContain('properties."$where" starts with "$"');
      expect(reasons[1]).toContain('properties."utm.source" contains "."');
      expect(reasons[2]).toContain('properties."nested"."deeper"[0]."$gt"');
      expect(reasons[3]).toContain('NUL');
      expect(await t.models.EngagementEvent.countDocuments()).toBe(2);
    });

    it('properties nested deeper than the database allows are refused, not a 500', async () => {
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 120; i += 1) deep = { d: deep };
      const res = await marketer.agent.post('/api/v1/events').set('x-csrf-token', marketer.csrf).send([event(deep, 'deep@example.com')]).expect(200);
      expect(res.body.rejected[0].reason).toMatch(/nests deeper than/);
    });
  });

  describe('API tokens', () => {
    async function newToken(body: Record<string, unknown>, by = admin) {
      return (await by.agent.post('/api/v1/tokens').set('x-csrf-token', by.csrf).send({ role: 'ops', ...body }).expect(201)).body as { id: string; token: string; expiresAt: string | null };
    }
    const use = (token: string) => request(t.app).get('/api/v1/runs').set('authorization', `Bearer ${token}`);

    it('may be given an expiry, which the API and the tokens page show, and stop working once it has passed', async () => {
      const lasting = await newToken({ name: 'forever' });
      expect(lasting.expiresAt).toBeNull();
      const expiring = await newToken({ name: 'one-off job', expiresInDays: 7 });
      const expiresAt = new Date(expiring.expiresAt as string).getTime();
      expect(expiresAt - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
      await use(expiring.token).expect(200);
      const listed = (await admin.agent.get('/api/v1/tokens').expect(200)).body.tokens.find((tk: { id: string }) => tk.id === expiring.id);
      expect(listed.expiresAt).toBe(expiring.expiresAt);
      expect((await admin.agent.get('/settings/tokens').expect(200)).text).toContain(new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' '));

      await t.models.ApiToken.updateOne({ _id: expiring.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await use(expiring.token).expect(401)).body.error.message).toMatch(/expired/);
      await use(lasting.token).expect(200);
      await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name: 'bad', role: 'ops', expiresInDays: 0 }).expect(400);
    });

    it('stop working when the admin who made them is disabled or demoted, and work again once re-enabled', async () => {
      const owner = await createUser(t.models, 'admin');
      const ownerSession = await signIn(t.app, owner);
      const token = await newToken({ name: 'made by a soon-disabled admin' }, ownerSession);
      const childToken = (await request(t.app).post('/api/v1/tokens').set('authorization', `Bearer ${(await newToken({ name: 'admin automation', role: 'admin' }, ownerSession)).token}`).send({ name: 'made by a token', role: 'ops' }).expect(201)).body.token as string;
      await use(token.token).expect(200);
      await use(childToken).expect(200);

      await t.models.User.updateOne({ email: owner.email }, { $set: { disabled: true } });
      expect((await use(token.token).expect(401)).body.error.message).toMatch(/disabled/);
      await use(childToken).expect(401);
      await t.models.User.updateOne({ email: owner.email }, { $set: { disabled: false, role: 'marketer' } });
      expect((await use(token.token).expect(401)).body.error.message).toMatch(/may no longer manage tokens/);
      await t.models.User.updateOne({ email: owner.email }, { $set: { role: 'admin' } });
      await use(token.token).expect(200);
      await t.models.User.deleteOne({ email: owner.email });
      expect((await use(token.token).expect(401)).body.error.message).toMatch(/no longer exists/);
      await use(childToken).expect(401);
    });
  });
});
