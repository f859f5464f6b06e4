import { DEMO_CREDENTIALS, startDynamicsEmulator, type RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { encodeForm, formFields } from '../mapping/html-form';
import { ensureDynamicsDemoConnection } from '../../../scripts/dynamics-demo-connection';

describe('Dynamics 365 connections through the JSON API and the form', () => {
  let t: AppUnderTest;
  let emu: RunningDynamicsEmulator;
  let admin: Awaited<ReturnType<typeof signIn>>;

  const create = (body: object) => admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send(body);
  const dynamicsBody = (overrides: object = {}) => ({
    crm: 'dynamics',
    name: 'Demo Dynamics',
    environmentUrl: emu.url,
    tenantId: DEMO_CREDENTIALS.tenantId,
    loginUrl: emu.url,
    auth: { clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
    ...overrides,
  });

  beforeAll(async () => {
    emu = await startDynamicsEmulator({ org: { contacts: 5, leads: 5, accounts: 2, users: 2, opportunities: 2, campaigns: 1, lists: 1 } });
    t = await buildTestApp('dynamics_connection');
    admin = await signIn(t.app, await createUser(t.models, 'admin'));
  });
  afterAll(async () => {
    await t?.close();
    await emu?.close();
  });

  it('creates a Dynamics connection with its secret sealed, shows it without the secret, and tests it against the org', async () => {
    const id = String((await create(dynamicsBody()).expect(201)).body.id);
    const shown = (await admin.agent.get(`/api/v1/connections/${id}`).expect(200)).body;
    expect(shown).toMatchObject({ crm: 'dynamics', environmentUrl: emu.url, tenantId: DEMO_CREDENTIALS.tenantId, loginUrl: emu.url, auth: { type: 'client_credentials', clientId: DEMO_CREDENTIALS.clientId, secretsStored: true } });
    expect(JSON.stringify(shown)).not.toContain(DEMO_CREDENTIALS.clientSecret);
    const stored = await t.models.Connection.collection.findOne({ _id: new t.models.db.base.Types.ObjectId(id) });
    expect(JSON.stringify(stored)).not.toContain(DEMO_CREDENTIALS.clientSecret);

    const test = await admin.agent.post(`/api/v1/connections/${id}/test`).set('x-csrf-token', admin.csrf).expect(200);
    expect(test.body).toMatchObject({ ok: true, message: expect.stringContaining('Connected to organization') });
    const page = await admin.agent.get(`/connections/${id}`).expect(200);
    expect(page.text).toContain('Demo Dynamics');
    expect(page.text).not.toContain(DEMO_CREDENTIALS.clientSecret);
    const index = await admin.agent.get('/connections').expect(200);
    expect(index.text).toContain(emu.url);
  });

  it('a wrong secret is reported as refused by the authority, with Entra ID’s code and no secret', async () => {
    const id = String((await create(dynamicsBody({ name: 'Wrong secret', auth: { clientId: DEMO_CREDENTIALS.clientId, clientSecret: 'not-the-secret' } })).expect(201)).body.id);
    const test = await admin.agent.post(`/api/v1/connections/${id}/test`).set('x-csrf-token', admin.csrf).expect(200);
    expect(test.body).toMatchObject({ ok: false, kind: 'rejected', message: expect.stringContaining('invalid_client: AADSTS7000215') });
    expect(JSON.stringify(test.body)).not.toContain('not-the-secret');
  });

  it('names the wrong fields in the 400: a missing tenant, an environment outside Dynamics hosts, an unknown CRM', async () => {
    const missing = await create(dynamicsBody({ tenantId: undefined, environmentUrl: 'not a url' })).expect(400);
    const paths = JSON.stringify(missing.body);
    expect(paths).toContain('body.tenantId');
    expect(paths).toContain('body.environmentUrl');
    const outside = await create(dynamicsBody({ environmentUrl: 'https://contoso.example.com' })).expect(400);
    expect(JSON.stringify(outside.body)).toMatch(/body\.environmentUrl.*is not a dynamics environment host/);
    const unknown = await create(dynamicsBody({ crm: 'sugarcrm' })).expect(400);
    expect(JSON.stringify(unknown.body)).toContain('body.crm');
  });

  it('changing the environment URL needs the client secret again', async () => {
    const id = String((await create(dynamicsBody({ name: 'Moves' })).expect(201)).body.id);
    const moved = await admin.agent.put(`/api/v1/connections/${id}`).set('x-csrf-token', admin.csrf).send({ environmentUrl: `http://localhost:${emu.port}` }).expect(400);
    expect(JSON.stringify(moved.body)).toContain('body.auth.clientSecret');
    await admin.agent
      .put(`/api/v1/connections/${id}`)
      .set('x-csrf-token', admin.csrf)
      .send({ environmentUrl: `http://localhost:${emu.port}`, auth: { type: 'client_credentials', clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret } })
      .expect(200);
  });

  it("an edit cannot set a Dynamics connection's API version: the Web API version is crm-sync's", async () => {
    const id = String((await create(dynamicsBody({ name: 'Keeps its version' })).expect(201)).body.id);
    const refused = await admin.agent.put(`/api/v1/connections/${id}`).set('x-csrf-token', admin.csrf).send({ apiVersion: 'v11_25' }).expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/body\.apiVersion.*API version cannot be changed/);
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ apiVersion: '9.2' });
  });

  it('the form offers the CRM choice and, for Dynamics, its own fields; submitting it creates the connection', async () => {
    const page = await admin.agent.get('/connections/new?crm=dynamics').expect(200);
    expect(page.text).toContain('href="/connections/new?crm=dynamics"');
    expect(page.text).toContain('href="/connections/new?crm=salesforce"');
    const fields = formFields(page.text, '/connections');
    expect(fields.get('crm')).toBe('dynamics');
    expect(fields.get('loginUrl')).toBe('https://login.microsoftonline.com');
    fields.set('name', 'Form Dynamics');
    fields.set('environmentUrl', emu.url);
    fields.set('tenantId', DEMO_CREDENTIALS.tenantId);
    fields.set('loginUrl', emu.url);
    fields.set('clientId', DEMO_CREDENTIALS.clientId);
    fields.set('clientSecret', DEMO_CREDENTIALS.clientSecret);
    const saved = await admin.agent.post('/connections').type('form').send(encodeForm(fields)).expect(302);
    const id = saved.headers.location.split('/').pop();
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ crm: 'dynamics', environmentUrl: emu.url, tenantId: DEMO_CREDENTIALS.tenantId });

    const edit = await admin.agent.get(`/connections/${id}/edit`).expect(200);
    const editFields = formFields(edit.text, `/connections/${id}`);
    expect(editFields.get('environmentUrl')).toBe(emu.url);
    editFields.set('name', 'Form Dynamics renamed');
    const resaved = await admin.agent.post(`/connections/${id}`).type('form').send(encodeForm(editFields));
    expect(resaved.text.match(/class="field-error"[^<]*</g) ?? []).toEqual([]);
    expect(resaved.status).toBe(302);
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ name: 'Form Dynamics renamed', crm: 'dynamics' });
  });

  it('npm start’s demo Dynamics connection is created once, follows the emulator’s port, and signs in', async () => {
    const demo = { url: emu.url, tenantId: DEMO_CREDENTIALS.tenantId, clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret };
    const first = await ensureDynamicsDemoConnection(t.models, t.box, { ...demo, url: 'http://127.0.0.1:9' });
    const again = await ensureDynamicsDemoConnection(t.models, t.box, demo);
    expect(again.id).toBe(first.id);
    expect(await t.models.Connection.findById(first.id).lean()).toMatchObject({ crm: 'dynamics', loginUrl: emu.url, environmentUrl: emu.url });
    const test = await admin.agent.post(`/api/v1/connections/${first.id}/test`).set('x-csrf-token', admin.csrf).expect(200);
    expect(test.body).toMatchObject({ ok: true });
  });
});
