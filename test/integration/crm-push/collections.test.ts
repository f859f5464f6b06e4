import { CrmError } from '../../../domain/crm/connector';
import type { SalesforceConnector } from '../../../domain/crm/salesforce/salesforce-connector';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { SCORE_RULE, pushConnector, seedContacts } from './push-fixture';

describe('pushing record updates and creates through sObject Collections', () => {
  let emu: RunningEmulator;
  let connector: SalesforceConnector;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
    connector = pushConnector(emu);
    await connector.testConnection();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => emu.stats.reset());
  afterEach(() => emu.faults.clear());

  const scores = (ids: string[], score = (i: number) => i) => ids.map((id, i) => ({ id, fields: { Behavior_Score__c: score(i) } }));

  it('updates 450 records in three 200-record calls, with results in input order and the values in the CRM', async () => {
    const ids = seedContacts(emu, 450);
    const callsBefore = connector.apiCallsUsed;
    const results = await connector.updateRecords({ object: 'Contact', records: ids.map((id, i) => ({ id, fields: { Behavior_Score__c: i * 2, Title: `Score ${i}` } })) });
    expect(results).toHaveLength(450);
    expect(results.every((r, i) => r.success && r.ref === ids[i] && r.id === ids[i] && r.errors.length === 0)).toBe(true);
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 3 });
    expect(connector.apiCallsUsed - callsBefore).toBe(3);
    expect(emu.store.get('Contact', ids[449])).toMatchObject({ Behavior_Score__c: 898, Title: 'Score 449' });
    expect(ids.every((id) => emu.stats.writesOf(id) === 1)).toBe(true);
  });

  it('reports a record a validation rule rejects as failed with the CRM\'s message, while the others succeed', async () => {
    const ids = seedContacts(emu, 5);
    emu.faults.failRecordWrites([ids[2]], SCORE_RULE);
    const results = await connector.updateRecords({ object: 'Contact', records: scores(ids, () => 1500) });
    expect(results[2]).toEqual({
      id: ids[2],
      ref: ids[2],
      success: false,
      errors: [{ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] }],
    });
    expect(results.filter((r) => r.success).map((r) => r.ref)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(emu.store.get('Contact', ids[2])?.Behavior_Score__c).toBe(0);
    // A validation failure is final: no second call.
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 1 });
  });

  it('tries records that met UNABLE_TO_LOCK_ROW again, alone, and they succeed', async () => {
    const ids = seedContacts(emu, 5);
    emu.faults.failNext('UNABLE_TO_LOCK_ROW', 2);
    const results = await connector.updateRecords({ object: 'Contact', records: scores(ids, () => 7) });
    expect(results.every((r) => r.success)).toBe(true);
    expect(ids.every((id) => emu.store.get('Contact', id)?.Behavior_Score__c === 7 && emu.stats.writesOf(id) === 1)).toBe(true);
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 2 });
  });

  it('reports a record still locked after the last try as failed with UNABLE_TO_LOCK_ROW', async () => {
    const ids = seedContacts(emu, 2);
    emu.faults.set({ rate: 1, kinds: ['UNABLE_TO_LOCK_ROW'] });
    const results = await connector.updateRecords({ object: 'Contact', records: scores(ids) });
    expect(results.map((r) => r.errors[0]?.code)).toEqual(['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW']);
    // One call per try: the default 8 tries.
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 8 });
  });

  it('reports ENTITY_IS_DELETED for a record deleted in the CRM', async () => {
    const [kept, gone] = seedContacts(emu, 2);
    emu.store.delete('Contact', gone);
    const [ok, deleted] = await connector.updateRecords({ object: 'Contact', records: scores([kept, gone], () => 3) });
    expect(ok.success).toBe(true);
    expect(deleted).toMatchObject({ ref: gone, success: false, errors: [{ code: 'ENTITY_IS_DELETED', message: 'entity is deleted' }] });
  });

  it('retries a call answered with a transient 500/503, then succeeds', async () => {
    const ids = seedContacts(emu, 3);
    const callsBefore = connector.apiCallsUsed;
    emu.faults.failNext('SERVER_ERROR', 2);
    const results = await connector.updateRecords({ object: 'Contact', records: scores(ids, () => 42) });
    expect(results.every((r) => r.success)).toBe(true);
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 3 });
    expect(connector.apiCallsUsed - callsBefore).toBe(3);
    expect(ids.every((id) => emu.stats.writesOf(id) === 1)).toBe(true);
  });

  it('backs off on REQUEST_LIMIT_EXCEEDED and gives up with the CRM\'s error once its tries are spent', async () => {
    const ids = seedContacts(emu, 1);
    emu.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    await expect(connector.updateRecords({ object: 'Contact', records: scores(ids) })).resolves.toMatchObject([{ success: true }]);
    emu.faults.failNext('REQUEST_LIMIT_EXCEEDED', 5);
    const failure = connector.updateRecords({ object: 'Contact', records: scores(ids) });
    await expect(failure).rejects.toBeInstanceOf(CrmError);
    await expect(failure).rejects.toMatchObject({ crmCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    expect(emu.stats.byEndpoint['composite.sobjects.update']).toBe(2 + 5);
  });

  it('logs in again when the session has expired and finishes the write', async () => {
    const ids = seedContacts(emu, 2);
    emu.expireAllSessions();
    await expect(connector.updateRecords({ object: 'Contact', records: scores(ids, () => 9) })).resolves.toMatchObject([{ success: true }, { success: true }]);
    expect(emu.store.get('Contact', ids[1])?.Behavior_Score__c).toBe(9);
  });

  it('fails the whole call, untried again, for an error that is not transient', async () => {
    const ids = seedContacts(emu, 1);
    await expect(connector.updateRecords({ object: 'Contact', records: [{ id: ids[0], fields: { Shoe_Size__c: 9 } }] })).rejects.toMatchObject({ crmCode: 'INVALID_FIELD' });
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.update': 1 });
  });

  it('creates records in input order with their new ids, echoing the caller\'s refs', async () => {
    const records = Array.from({ length: 250 }, (_, i) => ({ ref: `member-${i}`, fields: { LastName: i === 3 ? null : `New ${i}`, Email: `new${i}@example.com` } }));
    const results = await connector.createRecords({ object: 'Contact', records });
    expect(results.map((r) => r.ref)).toEqual(records.map((r) => r.ref));
    expect(results[3]).toEqual({ ref: 'member-3', success: false, errors: [{ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] });
    const created = results.filter((r) => r.success);
    expect(created).toHaveLength(249);
    expect(new Set(created.map((r) => r.id)).size).toBe(249);
    expect(emu.store.get('Contact', results[0].id as string)).toMatchObject({ LastName: 'New 0', Email: 'new0@example.com' });
    expect(emu.stats.byEndpoint).toEqual({ 'composite.sobjects.create': 2 });
  });

  it('writes a field whose API name is Type, on any object named by the caller', async () => {
    const accountId = emu.store.insert('Account', { Name: 'Typed' }).Id;
    await expect(connector.updateRecords({ object: 'Account', records: [{ id: accountId, fields: { Type: 'Partner' } }] })).resolves.toMatchObject([{ success: true }]);
    await expect(connector.bulkUpdateRecords({ object: 'Account', records: [{ id: accountId, fields: { Type: 'Customer - Direct' } }] })).resolves.toMatchObject([{ success: true }]);
    expect(emu.store.get('Account', accountId)?.Type).toBe('Customer - Direct');
  });

  it('never calls a delete endpoint', async () => {
    await connector.updateRecords({ object: 'Contact', records: scores(seedContacts(emu, 3)) });
    await connector.createRecords({ object: 'Contact', records: [{ ref: 'x', fields: { LastName: 'X' } }] });
    expect(emu.stats.deletes).toBe(0);
    expect(Object.keys(emu.stats.byEndpoint).filter((name) => name.includes('delete'))).toEqual([]);
    await expect(connector.updateRecords({ object: 'Contact', records: [] })).resolves.toEqual([]);
  });
});
