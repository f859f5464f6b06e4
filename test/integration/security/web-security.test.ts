import request from 'supertest';
import { buildTestApp, createUser, csrfFrom, signIn, type AppUnderTest } from '../../harness/app-under-test';

const CONNECTION = {
  name: 'Prod SF',
  loginUrl: 'http://127.0.0.1:9/',
  auth: { type: 'password', username: 'sync@example.com', password: 'Sup3r-Secret-PW', securityToken: 'TOKEN-XYZ-123' },
};

describe('web security', () => {
  let t: AppUnderTest;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    t = await buildTestApp('websec', { loginAttemptsPerWindow: 5 });
    admin = await signIn(t.app, await createUser(t.models, 'admin'));
  });
  afterAll(() => t?.close());

  it('a form POST without the CSRF token is refused and changes nothing; with it, it succeeds', async () => {
    const form = { name: 'No CSRF', loginUrl: 'https://login.salesforce.com', authType: 'password', username: 'u', password: 'p' };
    const refused = await admin.agent.post('/connections').type('form').send(form);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('CSRF');
    expect(await t.models.Connection.countDocuments({ name: 'No CSRF' })).toBe(0);

    const forged = await admin.agent.post('/connections').type('form').send({ ...form, _csrf: 'forged-token' });
    expect(forged.status).toBe(403);

    const accepted = await admin.agent.post('/connections').type('form').send({ ...form, _csrf: admin.csrf });
    expect(accepted.status).toBe(302);
    expect(await t.models.Connection.countDocuments({ name: 'No CSRF' })).toBe(1);
  });

  it('JSON writes from a browser session need the X-CSRF-Token header too', async () => {
    await admin.agent.post('/api/v1/connections').send(CONNECTION).expect(403);
    await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send(CONNECTION).expect(201);
  });

  it('a name holding <script> renders as text, never as markup', async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send({ ...CONNECTION, name: evil }).expect(201);
    const page = await admin.agent.get('/connections').expect(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
  });

  it('query strings carrying MongoDB operators are rejected with a 400, not executed', async () => {
    const res = await admin.agent.get('/api/v1/runs?status[$ne]=x').expect(400);
    expect(res.body.error.message).toMatch(/status\[\$ne\]/);
    await admin.agent.get('/runs?status[$ne]=x').expect(400);
    const body = await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send({ ...CONNECTION, name: { $gt: '' } }).expect(400);
    expect(body.body.error.details[0].path).toBe('body.name');
  });

  it('secrets are stored encrypted and never rendered or returned', async () => {
    const created = await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send({ ...CONNECTION, name: 'Secret check' }).expect(201);
    const id = created.body.id as string;
    const stored = JSON.stringify(await t.models.Connection.findById(id).lean());
    const outputs = [
      stored,
      JSON.stringify((await admin.agent.get(`/api/v1/connections/${id}`).expect(200)).body),
      (await admin.agent.get(`/connections/${id}`).expect(200)).text,
      (await admin.agent.get(`/connections/${id}/edit`).expect(200)).text,
      JSON.stringify((await admin.agent.get('/api/v1/connections').expect(200)).body),
    ];
    for (const output of outputs) {
      expect(output).not.toContain(CONNECTION.auth.password);
      expect(output).not.toContain(CONNECTION.auth.securityToken);
    }
  });

  it('switching a connection to OAuth without a client secret is refused inline, naming the field', async () => {
    const created = await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send({ ...CONNECTION, name: 'Switch auth' }).expect(201);
    const res = await admin.agent
      .post(`/connections/${created.body.id}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Switch auth', loginUrl: CONNECTION.loginUrl, authType: 'client_credentials', clientId: 'abc', clientSecret: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="clientSecret-error"');
    expect(res.text).toContain('enter the OAuth client secret');
    expect((await t.models.Connection.findById(created.body.id).lean())?.auth?.type).toBe('password');
  });

  it('a one-time message survives background requests (a 404, a JSON poll) made before the page shows it', async () => {
    const saved = await admin.agent
      .post('/connections')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Flash check', loginUrl: 'https://login.salesforce.com', authType: 'password', username: 'u', password: 'p' })
      .expect(302);
    await admin.agent.get('/no-such-asset.png').expect(404);
    await admin.agent.get('/api/v1/runs').expect(200);
    const page = await admin.agent.get(saved.headers.location).expect(200);
    expect(page.text).toContain('Connection &#34;Flash check&#34; saved.');
    expect((await admin.agent.get(saved.headers.location).expect(200)).text).not.toContain('saved.');
  });

  it('security headers are set on every page', async () => {
    const res = await request(t.app).get('/login');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sign-in is rate limited per account: the attempt after the limit gets 429 even with the right password', async () => {
    const user = await createUser(t.models, 'marketer');
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 5; i += 1) {
      await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: 'wrong-password' }).expect(401);
    }
    const blocked = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many sign-in attempts');
  });

  it('API tokens: shown once, stored hashed, work as Bearer with their role, and stop working when revoked', async () => {
    const created = await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name: 'exporter', role: 'marketer' }).expect(201);
    const token = created.body.token as string;
    expect(JSON.stringify(await t.models.ApiToken.find().lean())).not.toContain(token);

    await request(t.app).get('/api/v1/runs').set('authorization', `Bearer ${token}`).expect(200);
    // A bearer request needs no CSRF token (browsers never attach it by themselves) but still obeys its role.
    const refused = await request(t.app).post('/api/v1/connections').set('authorization', `Bearer ${token}`).send(CONNECTION).expect(403);
    expect(refused.body.error.message).toContain('marketer');

    await admin.agent.delete(`/api/v1/tokens/${created.body.id}`).set('x-csrf-token', admin.csrf).expect(204);
    await request(t.app).get('/api/v1/runs').set('authorization', `Bearer ${token}`).expect(401);
    await request(t.app).get('/api/v1/runs').set('authorization', 'Basic abc').expect(401);
  });

  it('changes are written to the audit log with who made them', async () => {
    const entries = await t.models.AuditEntry.find({ action: { $in: ['created-connection', 'created-token', 'revoked-token'] } }).lean();
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['created-connection', 'created-token', 'revoked-token']));
    for (const entry of entries) expect(entry.actor?.name).toMatch(/^admin-.*@example\.com$/);
    const page = await admin.agent.get('/settings/audit').expect(200);
    expect(page.text).toContain('revoked-token');
  });

  it('a bad request body gets a JSON 400, never a stack trace', async () => {
    const res = await admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBeDefined();
    expect(JSON.stringify(res.body)).not.toContain('at ');
  });

  it('an unknown page is a 404 page for people and a JSON 404 for the API', async () => {
    expect((await admin.agent.get('/no-such-page').expect(404)).text).toContain('404');
    expect((await admin.agent.get('/api/v1/no-such').expect(404)).body.error.status).toBe(404);
  });
});

describe('first-run setup and sessions', () => {
  let t: AppUnderTest;
  beforeAll(async () => {
    t = await buildTestApp('setup', { sessionTtlMs: 1500 });
  });
  afterAll(() => t?.close());

  it('with no users, sign-in leads to a one-time setup page that creates an admin and then disappears', async () => {
    const agent = request.agent(t.app);
    expect((await agent.get('/login').expect(302)).headers.location).toBe('/setup');
    const page = await agent.get('/setup').expect(200);
    const bad = await agent.post('/setup').type('form').send({ _csrf: csrfFrom(page.text), name: 'Ada', email: 'ada@example.com', password: 'short', confirm: 'short' }).expect(400);
    expect(bad.text).toContain('at least 10 characters');
    await agent.post('/setup').type('form').send({ _csrf: csrfFrom(page.text), name: 'Ada', email: 'ada@example.com', password: 'long-enough-pw', confirm: 'long-enough-pw' }).expect(302);
    expect((await t.models.User.findOne({ email: 'ada@example.com' }).lean())?.role).toBe('admin');
    await agent.get('/').expect(200);
    await request(t.app).get('/setup').expect(404);
    await request(t.app).post('/setup').type('form').send({ name: 'Eve', email: 'eve@example.com', password: 'long-enough-pw', confirm: 'long-enough-pw' }).expect(403);
    expect(await t.models.User.countDocuments()).toBe(1);
  });

  it('a session expires after its lifetime of inactivity; sign-out ends it at once', async () => {
    const user = await createUser(t.models, 'ops');
    const { agent, csrf } = await signIn(t.app, user);
    await agent.get('/runs').expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(302);
    await agent.get('/runs').expect(302);

    const second = await signIn(t.app, user);
    await second.agent.get('/runs').expect(200);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await second.agent.get('/runs').expect(302)).headers.location).toBe('/login?next=%2Fruns');
  });
});
