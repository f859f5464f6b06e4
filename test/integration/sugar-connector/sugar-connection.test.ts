import { DEMO_CREDENTIALS, startSugarEmulator, type RunningSugarEmulator } from '../../../sugar-emulator';
import { ensureSugarDemoConnection } from '../../../scripts/sugar-demo-connection';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { encodeForm, formFields } from '../mapping/html-form';

describe('SugarCRM connections through the JSON API and the form', () => {
  let t: AppUnderTest;
  let emu: RunningSugarEmulator;
  let admin: Awaited<ReturnType<typeof signIn>>;

  const create = (body: object) => admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send(body);
  const sugarBody = (auth: object = {}) => ({
    crm: 'sugar',
    name: 'Demo Sugar',
    loginUrl: emu.url,
    platform: DEMO_CREDENTIALS.platform,
    auth: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, ...auth },
  });
  const testConnection = async (id: string) => (await admin.agent.post(`/api/v1/connections/${id}/test`).set('x-csrf-token', admin.csrf).expect(200)).body;

  beforeAll(async () => {
    emu = await startSugarEmulator({ org: { contacts: 5, leads: 5, accounts: 2, users: 2, opportunities: 2, campaigns: 1, lists: 1 } });
    t = await buildTestApp('sugar_connection');
    admin = await signIn(t.app, await createUser(t.models, 'admin'));
  });
  afterAll(async () => {
    await t?.close();
    await emu?.close();
  });

  it('creates a SugarCRM connection with its password sealed, shows it without the password, and tests it against the instance', async () => {
    const id = String((await create(sugarBody()).expect(201)).body.id);
    const shown = (await admin.agent.get(`/api/v1/connections/${id}`).expect(200)).body;
    expect(shown).toMatchObject({ crm: 'sugar', loginUrl: emu.url, platform: 'crm_sync', apiVersion: 'v11_25', auth: { type: 'password', username: DEMO_CREDENTIALS.username, clientId: 'sugar', secretsStored: true } });
    const stored = await t.models.Connection.collection.findOne({ _id: new t.models.db.base.Types.ObjectId(id) });
    expect(JSON.stringify(stored)).not.toContain(DEMO_CREDENTIALS.password);
    expect(await testConnection(id)).toMatchObject({ ok: true });
  });

  it('a wrong password is reported as refused by the instance, with Sugar’s words and no password', async () => {
    const id = String((await create({ ...sugarBody({ password: 'not-the-password' }), name: 'Wrong password' }).expect(201)).body.id);
    const result = await testConnection(id);
    expect(result).toMatchObject({ ok: false, kind: 'rejected', message: expect.stringContaining('need_login: You must specify a valid username and password.') });
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });

  it('the form offers SugarCRM with its own fields; submitting it creates the connection', async () => {
    const page = await admin.agent.get('/connections/new?crm=sugar').expect(200);
    expect(page.text).toContain('href="/connections/new?crm=sugar"');
    const fields = formFields(page.text, '/connections');
    expect(fields.get('crm')).toBe('sugar');
    expect(fields.get('platform')).toBe('crm_sync');
    fields.set('name', 'Form Sugar');
    fields.set('loginUrl', emu.url);
    fields.set('username', DEMO_CREDENTIALS.username);
    fields.set('password', DEMO_CREDENTIALS.password);
    const saved = await admin.agent.post('/connections').type('form').send(encodeForm(fields));
    expect(saved.text.match(/class="field-error"[^<]*</g) ?? []).toEqual([]);
    expect(saved.status).toBe(302);
    const id = String(saved.headers.location.split('/').pop());
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ crm: 'sugar', loginUrl: emu.url, platform: 'crm_sync' });
    expect(await testConnection(id)).toMatchObject({ ok: true });
  });

  it('an admin edits the API version and platform through the API; the connection still signs in, and base or a Salesforce version is refused', async () => {
    const id = String((await create({ ...sugarBody(), name: 'Edited through the API' }).expect(201)).body.id);
    const edit = (body: object) => admin.agent.put(`/api/v1/connections/${id}`).set('x-csrf-token', admin.csrf).send(body);
    const edited = (await edit({ loginUrl: emu.url, apiVersion: 'v11_20', platform: 'api' }).expect(200)).body;
    expect(edited).toMatchObject({ loginUrl: emu.url, apiVersion: 'v11_20', platform: 'api', auth: { secretsStored: true } });
    expect(await testConnection(id)).toMatchObject({ ok: true });

    const base = await edit({ platform: 'base' }).expect(400);
    expect(JSON.stringify(base.body)).toContain("must not be 'base'");
    const salesforceVersion = await edit({ apiVersion: '59.0' }).expect(400);
    expect(JSON.stringify(salesforceVersion.body)).toContain('must look like v11_25');
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ apiVersion: 'v11_20', platform: 'api' });
  });

  it('the edit form shows the API version and platform, saves changes to them with the password kept, and names the field it refuses', async () => {
    const id = String((await create({ ...sugarBody(), name: 'Edited through the form' }).expect(201)).body.id);
    const page = await admin.agent.get(`/connections/${id}/edit`).expect(200);
    const fields = formFields(page.text, `/connections/${id}`);
    expect({ apiVersion: fields.get('apiVersion'), platform: fields.get('platform'), password: fields.get('password') }).toEqual({ apiVersion: 'v11_25', platform: 'crm_sync', password: '' });

    const refused = await admin.agent.post(`/connections/${id}`).type('form').send(encodeForm(new Map([...fields, ['platform', 'base']])));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="platform-error">must not be &#39;base&#39;');

    fields.set('apiVersion', 'v11_20');
    fields.set('platform', 'api');
    const saved = await admin.agent.post(`/connections/${id}`).type('form').send(encodeForm(fields));
    expect(saved.text.match(/class="field-error"[^<]*</g) ?? []).toEqual([]);
    expect(saved.status).toBe(302);
    expect(await t.models.Connection.findById(id).lean()).toMatchObject({ apiVersion: 'v11_20', platform: 'api' });
    expect(await testConnection(id)).toMatchObject({ ok: true });
  });

  it('npm start’s demo SugarCRM connection is created once, follows the emulator’s port, and signs in', async () => {
    const first = await ensureSugarDemoConnection(t.models, t.box, { ...DEMO_CREDENTIALS, url: 'http://127.0.0.1:9' });
    const again = await ensureSugarDemoConnection(t.models, t.box, { ...DEMO_CREDENTIALS, url: emu.url });
    expect(again.id).toBe(first.id);
    expect(await t.models.Connection.findById(first.id).lean()).toMatchObject({ crm: 'sugar', loginUrl: emu.url });
    expect(await testConnection(first.id)).toMatchObject({ ok: true });
  });
});
