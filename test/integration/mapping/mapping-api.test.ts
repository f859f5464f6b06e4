import request from 'supertest';
import type { FieldMappingEntry } from '../../../domain/mapping/mapping';
import { syncStateKey } from '../../../domain/models/sync-state';
import { DEMO_CREDENTIALS } from '../../../sf-emulator';
import { demoMapping, email, score, startMappingFixture, type MappingFixture } from './mapping-fixture';

const UNKNOWN_ID = '64b0000000000000000000aa';

describe('the mapping JSON API against the emulated org', () => {
  let f: MappingFixture;
  const url = () => `/api/v1/connections/${f.connectionId}/mapping`;
  const put = (body: unknown) => f.admin.agent.put(url()).set('x-csrf-token', f.admin.csrf).send(body as object);
  const storedMapping = async () => (await f.t.models.Connection.findById(f.connectionId).lean())?.mapping ?? null;
  const fullSyncRequested = async (object: string) => (await f.t.models.SyncState.findById(syncStateKey(f.connectionId, object)).lean())?.fullSyncRequested ?? null;
  const rulesOf = (body: { error?: { details?: { problems?: { rule: string }[] } } }) => (body.error?.details?.problems ?? []).map((p) => p.rule);

  beforeAll(async () => {
    f = await startMappingFixture('mapping_api');
  });
  afterAll(() => f?.close());

  it('before a save, GET returns no mapping and the Lead and Contact fields from describe, formula and picklist details included', async () => {
    const res = await f.ops.agent.get(url()).expect(200);
    expect(res.body).toMatchObject({ mapping: null, mappingUpdatedAt: null, fullSyncRequired: [] });
    expect(res.body.describeError).toBeUndefined();
    for (const object of ['Lead', 'Contact']) {
      const fields = res.body.fields[object] as { name: string }[];
      const byName = (name: string) => fields.find((x) => x.name === name);
      expect(byName('Email')).toMatchObject({ type: 'email', updateable: true, calculated: false });
      expect(byName('Behavior_Score__c')).toMatchObject({ label: 'Behavior Score', type: 'double', updateable: true, calculated: false });
      expect(byName('Days_Since_Created__c')).toMatchObject({ type: 'double', updateable: false, calculated: true });
      expect(byName('Customer_Tier__c')).toMatchObject({ type: 'picklist', picklistValues: ['Gold', 'Silver', 'Bronze'] });
    }
  });

  it('a valid mapping is saved, returned, asks for a full sync of both objects and is audited', async () => {
    const res = await put(demoMapping()).expect(200);
    expect(res.body).toEqual({ mapping: demoMapping(), fullSyncRequired: ['Lead', 'Contact'] });

    const read = await f.ops.agent.get(url()).expect(200);
    expect(read.body).toMatchObject({ mapping: demoMapping(), fullSyncRequired: ['Lead', 'Contact'] });
    expect(new Date(read.body.mappingUpdatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await fullSyncRequested('Lead')).toMatchObject({ reason: 'mapping added field(s): Lead.Email, Lead.Behavior_Score__c' });

    const audit = await f.t.models.AuditEntry.findOne({ action: 'changed-mapping' }).lean();
    expect(audit).toMatchObject({ target: { kind: 'connection', id: f.connectionId, name: 'Demo org' }, details: { fullSyncRequired: ['Lead', 'Contact'], removedFields: [] } });
    expect(JSON.stringify(audit)).not.toContain(DEMO_CREDENTIALS.password);
  });

  it('adding a field forces a full sync of that object only', async () => {
    // As if a sync had run since: no full sync is pending.
    await f.t.models.SyncState.updateMany({ connectionId: f.connectionId }, { $set: { fullSyncRequested: null } });
    const tier: FieldMappingEntry = { crmObject: 'Contact', crmField: 'Customer_Tier__c', target: { kind: 'custom', name: 'tier', type: 'Text' }, allowPush: false };
    const res = await put(demoMapping([tier])).expect(200);
    expect(res.body.fullSyncRequired).toEqual(['Contact']);
    expect(await fullSyncRequested('Contact')).toMatchObject({ reason: 'mapping added field(s): Contact.Customer_Tier__c' });
    expect(await fullSyncRequested('Lead')).toBeNull();
    expect((await f.ops.agent.get(url()).expect(200)).body.fullSyncRequired).toEqual(['Contact']);
  });

  it('removing a field or changing a target needs no full sync', async () => {
    await f.t.models.SyncState.updateMany({ connectionId: f.connectionId }, { $set: { fullSyncRequested: null } });
    const res = await put({ ...demoMapping(), pushPolicy: { default: 'allow' } }).expect(200);
    expect(res.body.fullSyncRequired).toEqual([]);
    expect(await fullSyncRequested('Contact')).toBeNull();
  });

  describe('a refused mapping gets a 400 naming each broken rule, and nothing is stored', () => {
    let before: unknown;
    beforeAll(async () => {
      before = await storedMapping();
    });
    afterEach(async () => expect(await storedMapping()).toEqual(before));

    it('without the email field: email-required, once per object', async () => {
      const res = await put({ entries: [score('Lead')], pushPolicy: { default: 'allow' } }).expect(400);
      expect(res.body.error).toMatchObject({ status: 400, message: expect.stringContaining('[email-required]') });
      expect(res.body.error.details.problems).toEqual([
        { rule: 'email-required', path: 'entries', message: 'Lead: the CRM email field must be mapped to the email field' },
        { rule: 'email-required', path: 'entries', message: 'Contact: the CRM email field must be mapped to the email field' },
      ]);
    });

    it('without a Score field: score-required', async () => {
      const res = await put({ entries: [email('Lead'), email('Contact')], pushPolicy: { default: 'allow' } }).expect(400);
      expect(rulesOf(res.body)).toEqual(['score-required']);
    });

    it('a Score on the formula field: score-not-pushable at that entry', async () => {
      const res = await put({ entries: [email('Lead'), email('Contact'), score('Lead', 'Days_Since_Created__c')], pushPolicy: { default: 'allow' } }).expect(400);
      expect(res.body.error.details.problems).toEqual([
        { rule: 'score-not-pushable', path: 'entries[2].crmField', message: expect.stringContaining("Lead field 'Days_Since_Created__c' is a formula field") },
      ]);
    });

    it('a field the CRM does not have: unknown-crm-field', async () => {
      const res = await put(demoMapping([{ crmObject: 'Contact', crmField: 'No_Such_Field__c', target: { kind: 'custom', name: 'nope', type: 'Text' } }])).expect(400);
      expect(res.body.error.details.problems).toEqual([{ rule: 'unknown-crm-field', path: 'entries[4].crmField', message: "Contact has no field 'No_Such_Field__c'" }]);
    });

    it('several broken rules are all named in one answer', async () => {
      const entries = [email('Lead'), { crmObject: 'Lead', crmField: 'Email', target: { kind: 'custom', name: 'mail', type: 'Number' } }, score('Contact', 'Days_Since_Created__c')];
      const res = await put({ entries, pushPolicy: { default: 'allow' } }).expect(400);
      expect(rulesOf(res.body)).toEqual(['email-required', 'type-mismatch', 'score-not-pushable']);
    });

    it('a malformed shape: invalid-shape with the path of each bad value', async () => {
      const res = await put({ entries: [{ crmObject: 'Account', crmField: 'Name', target: { kind: 'custom', name: 'n', type: 'Currency' } }], pushPolicy: { default: 'maybe' } }).expect(400);
      expect(res.body.error.details.problems.map((p: { rule: string; path: string }) => `${p.rule} ${p.path}`)).toEqual([
        'invalid-shape entries[0].crmObject',
        'invalid-shape entries[0].target.type',
        'invalid-shape pushPolicy.default',
      ]);
    });

    it('malformed JSON, a JSON array and no body at all are 400s, never a 500', async () => {
      const broken = await f.admin.agent.put(url()).set('x-csrf-token', f.admin.csrf).set('content-type', 'application/json').send('{"entries": [').expect(400);
      expect(broken.body.error.status).toBe(400);
      expect(rulesOf((await put([demoMapping()]).expect(400)).body)).toEqual(['invalid-shape']);
      expect(rulesOf((await f.admin.agent.put(url()).set('x-csrf-token', f.admin.csrf).expect(400)).body)).toEqual(['invalid-shape']);
    });
  });

  it('a CRM that refuses describe: GET still returns the stored mapping with the CRM\'s message; PUT is a 502 and stores nothing', async () => {
    const stored = await storedMapping();
    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    const read = await f.ops.agent.get(url()).expect(200);
    expect(read.body).toMatchObject({ mapping: stored, fields: null, describeError: 'TotalRequests Limit exceeded.' });

    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    const res = await put(demoMapping([{ crmObject: 'Lead', crmField: 'Customer_Tier__c', target: { kind: 'custom', name: 'tier', type: 'Text' } }])).expect(502);
    expect(res.body.error).toMatchObject({ status: 502, message: 'The CRM answered: TotalRequests Limit exceeded.', details: { crmCode: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(await storedMapping()).toEqual(stored);

    // Rules that need no describe are still reported while the CRM refuses.
    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    expect(rulesOf((await put({ entries: [], pushPolicy: { default: 'allow' } }).expect(400)).body)).toEqual(['email-required', 'email-required', 'score-required']);
    f.emulator.faults.clear();
  });

  it('roles: a marketer may neither read nor save, ops may read but not save', async () => {
    await f.marketer.agent.get(url()).expect(403);
    await f.marketer.agent.put(url()).set('x-csrf-token', f.marketer.csrf).send(demoMapping()).expect(403);
    await f.ops.agent.get(url()).expect(200);
    const refused = await f.ops.agent.put(url()).set('x-csrf-token', f.ops.csrf).send(demoMapping()).expect(403);
    expect(refused.body.error.message).toContain('ops');
  });

  it('a browser session must send the CSRF token to save', async () => {
    await f.admin.agent.put(url()).send(demoMapping()).expect(403);
  });

  it('an admin API token saves without a CSRF token', async () => {
    const created = await f.admin.agent.post('/api/v1/tokens').set('x-csrf-token', f.admin.csrf).send({ name: 'mapping automation', role: 'admin' }).expect(201);
    await request(f.t.app).put(url()).set('authorization', `Bearer ${created.body.token}`).send(demoMapping()).expect(200);
  });

  it('a connection that does not exist, or a malformed id, is a 404', async () => {
    await f.ops.agent.get(`/api/v1/connections/${UNKNOWN_ID}/mapping`).expect(404);
    await f.ops.agent.get('/api/v1/connections/not-an-id/mapping').expect(404);
    await f.admin.agent.put(`/api/v1/connections/${UNKNOWN_ID}/mapping`).set('x-csrf-token', f.admin.csrf).send(demoMapping()).expect(404);
    await f.admin.agent.put('/api/v1/connections/not-an-id/mapping').set('x-csrf-token', f.admin.csrf).send(demoMapping()).expect(404);
  });
});
