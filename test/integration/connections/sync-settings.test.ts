import { SYNC_SETTINGS } from '../../../domain/connections/connection-input';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { encodeForm, formFields } from '../mapping/html-form';

const SECRETS = { password: 'Sync-Settings-PW-1', securityToken: 'SYNC-TOKEN-987' };
const CONNECTION = {
  name: 'Settings org',
  loginUrl: 'http://127.0.0.1:9/',
  auth: { type: 'password', username: 'sync@example.com', ...SECRETS },
};
const DEFAULTS = {
  fullSyncIntervalDays: 14,
  overlapSeconds: 300,
  driftCheckIntervalHours: 24,
  driftThresholdPercent: 1,
  apiReservePercent: 10,
  apiLimitPauseSeconds: 900,
  pageSize: 2000,
  bulkQueryThreshold: 50_000,
  calculatedRefreshIntervalHours: 0,
};

describe('sync settings of a connection, through the JSON API and the edit form', () => {
  let t: AppUnderTest;
  let admin: Awaited<ReturnType<typeof signIn>>;

  const api = {
    create: (body: object) => admin.agent.post('/api/v1/connections').set('x-csrf-token', admin.csrf).send(body),
    get: (id: string) => admin.agent.get(`/api/v1/connections/${id}`).expect(200),
    put: (id: string, body: object) => admin.agent.put(`/api/v1/connections/${id}`).set('x-csrf-token', admin.csrf).send(body),
  };
  const storedSettings = async (id: string) => (await t.models.Connection.collection.findOne({ _id: new t.models.db.base.Types.ObjectId(id) }))?.syncSettings;
  const createWith = async (syncSettings?: object, name = CONNECTION.name) =>
    String((await api.create({ ...CONNECTION, name, ...(syncSettings ? { syncSettings } : {}) }).expect(201)).body.id);

  beforeAll(async () => {
    t = await buildTestApp('sync_settings');
    admin = await signIn(t.app, await createUser(t.models, 'admin'));
  });
  afterAll(() => t?.close());

  it('a connection created with some settings stores them and reads back every setting, defaults filled', async () => {
    const id = await createWith({ pageSize: 500, driftThresholdPercent: 0.5 });
    const expected = { ...DEFAULTS, pageSize: 500, driftThresholdPercent: 0.5 };
    expect((await api.get(id)).body.syncSettings).toEqual(expected);
    expect(await storedSettings(id)).toEqual(expected);
  });

  it('a connection created without settings gets the defaults', async () => {
    const id = await createWith(undefined, 'Defaults org');
    expect((await api.get(id)).body.syncSettings).toEqual(DEFAULTS);
    const listed = (await admin.agent.get('/api/v1/connections').expect(200)).body.connections;
    expect(listed.find((c: { id: string }) => c.id === id).syncSettings).toEqual(DEFAULTS);
  });

  it('PUT changes only the settings it names; the others, the name and the credentials stay', async () => {
    const id = await createWith({ pageSize: 500, overlapSeconds: 60 }, 'Merge org');
    const before = await t.models.Connection.findById(id).lean();
    const res = await api.put(id, { syncSettings: { overlapSeconds: 0, apiReservePercent: 25 } }).expect(200);
    const expected = { ...DEFAULTS, pageSize: 500, overlapSeconds: 0, apiReservePercent: 25 };
    expect(res.body.syncSettings).toEqual(expected);
    expect((await api.get(id)).body.syncSettings).toEqual(expected);
    const after = await t.models.Connection.findById(id).lean();
    expect(after?.name).toBe('Merge org');
    expect(after?.auth).toEqual(before?.auth);

    // An edit that names no settings leaves them as they are.
    await api.put(id, { name: 'Merge org renamed' }).expect(200);
    expect(await storedSettings(id)).toEqual(expected);
  });

  it('PUT on a connection stored before the settings existed writes every setting, so the sync reads them all', async () => {
    const id = await createWith(undefined, 'Legacy org');
    await t.models.Connection.collection.updateOne({ _id: new t.models.db.base.Types.ObjectId(id) }, { $unset: { syncSettings: '' } });
    expect((await api.get(id)).body.syncSettings).toEqual(DEFAULTS);
    await api.put(id, { syncSettings: { fullSyncIntervalDays: 7 } }).expect(200);
    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, fullSyncIntervalDays: 7 });

    // One with only some of the settings stored gets the missing ones filled.
    await t.models.Connection.collection.updateOne({ _id: new t.models.db.base.Types.ObjectId(id) }, { $set: { syncSettings: { pageSize: 300 } } });
    await api.put(id, { syncSettings: { overlapSeconds: 30 } }).expect(200);
    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, pageSize: 300, overlapSeconds: 30 });
  });

  it('refuses out-of-range, fractional, textual and unknown settings with a 400 naming each field, changing nothing', async () => {
    const id = await createWith({ pageSize: 500 }, 'Refusals org');
    const cases: [object, { path: string; message: RegExp }[]][] = [
      [{ apiReservePercent: 95 }, [{ path: 'body.syncSettings.apiReservePercent', message: /^must be between 0 and 90$/ }]],
      [{ pageSize: 100, overlapSeconds: -1 }, [
        { path: 'body.syncSettings.overlapSeconds', message: /^must be between 0 and 86400$/ },
        { path: 'body.syncSettings.pageSize', message: /^must be between 200 and 2000$/ },
      ]],
      [{ fullSyncIntervalDays: 2.5 }, [{ path: 'body.syncSettings.fullSyncIntervalDays', message: /^must be a whole number$/ }]],
      [{ driftCheckIntervalHours: '12' }, [{ path: 'body.syncSettings.driftCheckIntervalHours', message: /^must be a number$/ }]],
      [{ pagesize: 500 }, [{ path: 'body.syncSettings', message: /^unknown setting 'pagesize'; the settings are fullSyncIntervalDays, .*pageSize/ }]],
    ];
    for (const [syncSettings, problems] of cases) {
      const put = await api.put(id, { syncSettings }).expect(400);
      expect(put.body.error.details).toEqual(problems.map((p) => ({ path: p.path, message: expect.stringMatching(p.message) })));
      const post = await api.create({ ...CONNECTION, name: 'Never created', syncSettings }).expect(400);
      expect(post.body.error.details).toEqual(put.body.error.details);
    }
    const single = await api.put(id, { syncSettings: { apiReservePercent: 95 } }).expect(400);
    expect(single.body.error.message).toBe('Invalid request: body.syncSettings.apiReservePercent: must be between 0 and 90');
    await api.put(id, { syncSettings: null }).expect(400);

    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, pageSize: 500 });
    expect(await t.models.Connection.countDocuments({ name: 'Never created' })).toBe(0);
  });

  it('only admins may change the settings', async () => {
    const id = await createWith(undefined, 'Ops org');
    const ops = await signIn(t.app, await createUser(t.models, 'ops'));
    await ops.agent.put(`/api/v1/connections/${id}`).set('x-csrf-token', ops.csrf).send({ syncSettings: { pageSize: 200 } }).expect(403);
    expect(await storedSettings(id)).toEqual(DEFAULTS);
  });

  it('the new-connection form offers every setting, prefilled with the defaults, and saves what is typed', async () => {
    const page = await admin.agent.get('/connections/new').expect(200);
    expect(page.text).toContain('<legend>Sync settings</legend>');
    for (const label of [
      'Full sync every N days',
      'Overlap window (seconds)',
      'Drift check every N hours',
      'Drift threshold (%) that forces a full sync',
      'Keep this share of the daily API limit in reserve (%)',
      'When paused for API limits, check again after (seconds)',
      'Page size',
      'Refresh formula fields every N hours (0 = only on request)',
    ]) {
      expect(page.text).toContain(`<label>${label} <input type="number"`);
    }
    // The browser's own limits are the ones the server enforces.
    for (const [name, rule] of Object.entries(SYNC_SETTINGS)) {
      expect(page.text).toMatch(new RegExp(`name="syncSettings\\.${name}"[^>]* min="${rule.min}" max="${rule.max}"`));
    }
    const fields = formFields(page.text, '/connections');
    for (const [name, value] of Object.entries(DEFAULTS)) expect(fields.get(`syncSettings.${name}`)).toBe(String(value));

    fields.set('name', 'Form org');
    fields.set('username', 'form@example.com');
    fields.set('password', SECRETS.password);
    fields.set('syncSettings.fullSyncIntervalDays', '30');
    fields.set('syncSettings.apiReservePercent', '12.5');
    const saved = await admin.agent.post('/connections').type('form').send(encodeForm(fields)).expect(302);
    const id = saved.headers.location.replace('/connections/', '');
    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, fullSyncIntervalDays: 30, apiReservePercent: 12.5 });
  });

  it('the edit form shows the stored settings, saves a change, and shows a bad value inline at its field', async () => {
    const id = await createWith({ pageSize: 800, calculatedRefreshIntervalHours: 6 }, 'Edit org');
    const action = `/connections/${id}`;
    const edit = await admin.agent.get(`/connections/${id}/edit`).expect(200);
    const fields = formFields(edit.text, action);
    expect(fields.get('syncSettings.pageSize')).toBe('800');
    expect(fields.get('syncSettings.calculatedRefreshIntervalHours')).toBe('6');
    expect(fields.get('syncSettings.overlapSeconds')).toBe('300');

    fields.set('syncSettings.overlapSeconds', '120');
    await admin.agent.post(action).type('form').send(encodeForm(fields)).expect(302);
    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, pageSize: 800, calculatedRefreshIntervalHours: 6, overlapSeconds: 120 });

    const bad = new Map(fields);
    bad.set('syncSettings.apiReservePercent', '95');
    bad.set('syncSettings.pageSize', 'lots');
    bad.set('syncSettings.driftCheckIntervalHours', '48');
    const refused = await admin.agent.post(action).type('form').send(encodeForm(bad)).expect(400);
    expect(refused.text).toContain('<p class="field-error" id="syncSettings.apiReservePercent-error">must be between 0 and 90</p>');
    expect(refused.text).toContain('<p class="field-error" id="syncSettings.pageSize-error">must be a number</p>');
    expect(refused.text).not.toContain('id="syncSettings.driftCheckIntervalHours-error"');
    // What was typed is shown again, so the admin can correct it.
    const shown = formFields(refused.text, action);
    expect(shown.get('syncSettings.apiReservePercent')).toBe('95');
    expect(shown.get('syncSettings.pageSize')).toBe('lots');
    expect(shown.get('syncSettings.driftCheckIntervalHours')).toBe('48');
    // Nothing was saved, not even the valid change beside the bad ones.
    expect(await storedSettings(id)).toEqual({ ...DEFAULTS, pageSize: 800, calculatedRefreshIntervalHours: 6, overlapSeconds: 120 });
  });

  it('secrets never appear in what the API returns or the pages render, settings edits included', async () => {
    const id = await createWith({ pageSize: 400 }, 'Secret settings org');
    const edit = await admin.agent.get(`/connections/${id}/edit`).expect(200);
    const refusedForm = new Map(formFields(edit.text, `/connections/${id}`));
    refusedForm.set('syncSettings.pageSize', '1');
    const outputs = [
      (await api.get(id)).text,
      (await admin.agent.get('/api/v1/connections').expect(200)).text,
      (await api.put(id, { syncSettings: { pageSize: 600 } }).expect(200)).text,
      (await api.put(id, { syncSettings: { pageSize: 1 } }).expect(400)).text,
      (await api.create({ ...CONNECTION, syncSettings: { bogus: 1 } }).expect(400)).text,
      edit.text,
      (await admin.agent.post(`/connections/${id}`).type('form').send(encodeForm(refusedForm)).expect(400)).text,
      (await admin.agent.get(`/connections/${id}`).expect(200)).text,
      JSON.stringify(await t.models.Connection.collection.findOne({ _id: new t.models.db.base.Types.ObjectId(id) })),
    ];
    for (const output of outputs) {
      expect(output).not.toContain(SECRETS.password);
      expect(output).not.toContain(SECRETS.securityToken);
    }
  });
});
