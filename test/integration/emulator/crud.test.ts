import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection } from './connect';

describe('record writes through jsforce: single records and sObject Collections', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.clear());

  const newContacts = (n: number) =>
    Array.from({ length: n }, (_, i) => emu.store.insert('Contact', { LastName: `Batch ${i}`, Email: `batch${i}@example.com` }));

  it('creates, retrieves, updates and soft-deletes a single Lead', async () => {
    const created = await conn.sobject('Lead').create({ LastName: 'Łukasiewicz', Company: 'Zoë & Co', Email: 'ana+news@example.com', Interests__c: 'Email;Events' });
    expect(created).toMatchObject({ success: true, errors: [], id: expect.stringMatching(/^00Q\w{15}$/) });
    const id = created.id as string;
    const fetched = await conn.sobject('Lead').retrieve(id);
    expect(fetched).toMatchObject({ Id: id, LastName: 'Łukasiewicz', Name: 'Łukasiewicz', Status: 'Open - Not Contacted', IsDeleted: false, OwnerId: emu.store.adminUserId });
    expect(fetched.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);

    emu.store.setClock('2030-01-01T00:00:05Z');
    await expect(conn.sobject('Lead').update({ Id: id, Behavior_Score__c: 42, FirstName: 'Zoë' })).resolves.toMatchObject({ id, success: true });
    expect(emu.store.get('Lead', id)).toMatchObject({ Behavior_Score__c: 42, Name: 'Zoë Łukasiewicz', SystemModstamp: '2030-01-01T00:00:05.000+0000' });

    await conn.sobject('Lead').destroy(id);
    expect(emu.store.get('Lead', id)).toMatchObject({ IsDeleted: true });
    await expect(conn.sobject('Lead').retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect(emu.stats.deletes).toBe(1);
    expect(emu.stats.writesByRecordId.get(id)).toBe(3);
    emu.store.setClock(null);
  });

  it('rejects unknown, read-only, mistyped and missing required fields the way Salesforce does', async () => {
    const lead = conn.sobject('Lead');
    await expect(lead.create({ LastName: 'X', Company: 'Y', Shoe_Size__c: 9 })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(lead.create({ LastName: 'X', Company: 'Y', Days_Since_Created__c: 3 })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    await expect(lead.create({ LastName: 'X', Company: 'Y', Behavior_Score__c: 'high' })).rejects.toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
    await expect(lead.create({ LastName: 'X' })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]' });
    await expect(lead.create({ LastName: 'X', Company: 'Y', Email: 'not-an-email' })).rejects.toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS' });
    await expect(lead.create({ LastName: 'X', Company: 'Y', Customer_Tier__c: 'Platinum' })).resolves.toMatchObject({ success: true });
  });

  it('updates a collection of three contacts where one fails alone with UNABLE_TO_LOCK_ROW', async () => {
    const [a, b, c] = newContacts(3);
    emu.faults.failNext('UNABLE_TO_LOCK_ROW', 1);
    const results = await conn.sobject('Contact').update(
      [a, b, c].map((r) => ({ Id: r.Id, Behavior_Score__c: 77 })),
      { allOrNone: false },
    );
    expect(results).toEqual([
      { id: a.Id, success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: expect.stringContaining('unable to obtain exclusive access'), fields: [] }] },
      { id: b.Id, success: true, errors: [] },
      { id: c.Id, success: true, errors: [] },
    ]);
    expect(emu.store.get('Contact', a.Id)?.Behavior_Score__c ?? null).toBeNull();
    expect(emu.store.get('Contact', c.Id)?.Behavior_Score__c).toBe(77);
    expect(emu.stats.byEndpoint['composite.sobjects.update']).toBeGreaterThanOrEqual(1);
  });

  it('reports ENTITY_IS_DELETED for a deleted record inside a collection update', async () => {
    const [a, b] = newContacts(2);
    emu.store.delete('Contact', b.Id);
    const results = await conn.sobject('Contact').update([{ Id: a.Id, Title: 'CMO' }, { Id: b.Id, Title: 'CMO' }], { allOrNone: false });
    expect(results[0]).toMatchObject({ id: a.Id, success: true });
    expect(results[1]).toMatchObject({ id: b.Id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED' }] });
  });

  it('rolls every record back under allOrNone when one is invalid', async () => {
    const [a, b] = newContacts(2);
    const results = await conn.sobject('Contact').update(
      [{ Id: a.Id, Title: 'Rolled back' }, { Id: b.Id, LastName: null }],
      { allOrNone: true },
    );
    expect(results[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }] });
    expect(results[1]).toMatchObject({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }] });
    expect(emu.store.get('Contact', a.Id)?.Title ?? null).toBeNull();
  });

  it('creates, retrieves and deletes through collections, and refuses more than 200 records', async () => {
    const created = await conn.sobject('Account').create([{ Name: 'One' }, { Name: 'Two' }]);
    expect(created.every((r) => r.success)).toBe(true);
    const ids = created.map((r) => r.id as string);
    const fetched = await conn.sobject('Account').retrieve(ids, { fields: ['Name'] });
    expect(fetched.map((r) => r?.Name)).toEqual(['One', 'Two']);
    await expect(conn.sobject('Account').destroy(ids)).resolves.toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ Name: `N${i}` }));
    await expect(conn.sobject('Account').create(tooMany)).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
  });

  it('lists updated and deleted ids for a time window', async () => {
    emu.store.setClock('2031-03-01T12:00:00Z');
    const kept = emu.store.insert('Contact', { LastName: 'Kept' });
    const gone = emu.store.insert('Contact', { LastName: 'Gone' });
    emu.store.advanceClock(60_000);
    emu.store.delete('Contact', gone.Id);
    emu.store.advanceClock(5 * 60_000);
    const updated = await conn.sobject('Contact').updated('2031-03-01T11:59:00Z', '2031-03-01T12:10:00Z');
    expect(updated.ids).toEqual([kept.Id]);
    expect(updated.latestDateCovered).toBe('2031-03-01T12:06:00.000+0000');
    const deleted = await conn.sobject('Contact').deleted('2031-03-01T11:59:00Z', '2031-03-01T12:10:00Z');
    expect(deleted.deletedRecords).toEqual([{ id: gone.Id, deletedDate: '2031-03-01T12:01:00.000+0000' }]);
    emu.store.hardDelete('Contact', kept.Id);
    const afterPurge = await conn.query(`SELECT Id FROM Contact WHERE Id = '${kept.Id}'`, { scanAll: true });
    expect(afterPurge.totalSize).toBe(0);
    emu.store.setClock(null);
  });
});
