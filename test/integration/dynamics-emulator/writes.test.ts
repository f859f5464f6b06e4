import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, startSmallEmulator, type Connected } from './dataverse-client';

const MISSING = '00000000-0000-4000-8000-0000000000aa';

describe('Dataverse emulator: writes and $batch', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeEach(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
  });
  afterEach(() => emu.close());

  it('PATCH with If-Match: * updates an existing row and never creates a missing one (404 0x80040217)', async () => {
    const contact = emu.store.list('contact')[0];
    await expect(client.api.update({ collection: 'contacts', key: contact.contactid as string, data: { new_behaviorscore: 77 } })).resolves.toBe(true);
    expect(emu.store.get('contact', contact.contactid as string)?.new_behaviorscore).toBe(77);
    expect(emu.stats.writesOf(contact.contactid as string)).toBe(1);

    const before = emu.store.count('contact');
    await expect(client.api.update({ collection: 'contacts', key: MISSING, data: { new_behaviorscore: 1 } })).rejects.toMatchObject({ status: 404, code: '0x80040217', message: `contact With Id = ${MISSING} Does Not Exist` });
    expect(emu.store.count('contact')).toBe(before);
    expect(emu.stats.byEndpoint['contacts.update']).toBe(2);
  });

  it('an etag in If-Match that is no longer current is refused with 412', async () => {
    const contact = emu.store.list('contact')[0];
    const stale = `W/"${contact.versionnumber as number}"`;
    emu.store.update('contact', contact.contactid as string, { jobtitle: 'Someone else wrote this' });
    await expect(client.api.update({ collection: 'contacts', key: contact.contactid as string, data: { jobtitle: 'Mine' }, ifmatch: stale, })).resolves.toBe(false);
  });

  it('PATCH without If-Match is an upsert: it creates the row under that id (why crm-sync must always send If-Match)', async () => {
    await client.api.upsert({ collection: 'contacts', key: MISSING, data: { lastname: 'Upserted' } });
    expect(emu.store.get('contact', MISSING)?.lastname).toBe('Upserted');
    expect(emu.stats.byEndpoint['contacts.upsert']).toBe(1);
  });

  it('POST creates, binds lookups with @odata.bind, returns the id, and refuses unknown, read-only and mistyped columns', async () => {
    const account = emu.store.list('account')[0];
    const id = await client.api.create<Record<string, unknown>, string>({ collection: 'contacts', data: { firstname: 'Ada', lastname: 'Lovelace', 'parentcustomerid_account@odata.bind': `/accounts(${account.accountid as string})`, new_customertier: 100000002 } });
    expect(emu.store.get('contact', id)).toMatchObject({ fullname: 'Ada Lovelace', parentcustomerid: { id: account.accountid, table: 'account' }, new_customertier: 100000002 });
    await expect(client.api.create({ collection: 'contacts', data: { lastname: 'X', nosuchcolumn: 1 } })).rejects.toMatchObject({ status: 400, code: '0x80060888' });
    await expect(client.api.create({ collection: 'contacts', data: { lastname: 'X', new_dayssincecreated: 3 } })).rejects.toMatchObject({ status: 400, code: '0x80040203' });
    await expect(client.api.create({ collection: 'contacts', data: { lastname: 'X', new_behaviorscore: 'high' } })).rejects.toMatchObject({ status: 400, code: '0x80048d19' });
    await expect(client.api.create({ collection: 'contacts', data: { lastname: 'X', new_customertier: 5 } })).rejects.toMatchObject({ status: 400, code: '0x80040203' });
  });

  it('runs a $batch change set atomically, with Content-ID references and per-operation responses', async () => {
    const [a, b] = emu.store.list('contact');
    client.api.startBatch();
    await client.api.update({ collection: 'contacts', key: a.contactid as string, data: { new_behaviorscore: 11 } });
    await client.api.update({ collection: 'contacts', key: b.contactid as string, data: { new_behaviorscore: 22 } });
    await client.api.create({ collection: 'leads', data: { lastname: 'Batch', subject: 'From a batch' }, contentId: '1' });
    await client.api.update({ contentId: '$1', data: { jobtitle: 'Referenced' } });
    const responses = await client.api.executeBatch();
    expect(responses.slice(0, 2)).toEqual([true, true]);
    const leadId = responses[2] as string;
    expect(emu.store.get('lead', leadId)).toMatchObject({ lastname: 'Batch', jobtitle: 'Referenced' });
    expect([emu.store.get('contact', a.contactid as string)?.new_behaviorscore, emu.store.get('contact', b.contactid as string)?.new_behaviorscore]).toEqual([11, 22]);
    expect(emu.stats.apiCalls).toBe(1);
    expect(emu.stats.byEndpoint['contacts.update']).toBe(2);
  });

  it('rolls the whole change set back when one of its operations fails, and reports that operation’s error', async () => {
    const [a, b] = emu.store.list('contact');
    emu.faults.failRecordWrites([b.contactid as string], { message: 'Score must be below 1000 (plug-in)' });
    client.api.startBatch();
    await client.api.update({ collection: 'contacts', key: a.contactid as string, data: { new_behaviorscore: 5 } });
    await client.api.update({ collection: 'contacts', key: b.contactid as string, data: { new_behaviorscore: 6 } });
    const failure = await client.api.executeBatch().then(() => undefined, (err: unknown) => err);
    expect(Array.isArray(failure)).toBe(true);
    expect((failure as Array<Record<string, unknown>>)[0]).toMatchObject({ status: 400, error: { code: '0x80040265', message: 'Score must be below 1000 (plug-in)' } });
    expect(emu.store.get('contact', a.contactid as string)?.new_behaviorscore).toBe(a.new_behaviorscore);
    expect(emu.stats.writesOf(a.contactid as string)).toBe(0);
  });

  it('outside change sets, odata.continue-on-error keeps going past a failed operation', async () => {
    const [a, b] = emu.store.list('contact');
    client.api.startBatch();
    await client.api.update({ collection: 'contacts', key: MISSING, data: { new_behaviorscore: 1 } });
    await client.api.update({ collection: 'contacts', key: a.contactid as string, data: { new_behaviorscore: 2 } });
    await client.api.update({ collection: 'contacts', key: b.contactid as string, data: { new_behaviorscore: 3 } });
    const results = await client.api.executeBatch({ inChangeSet: false, continueOnError: true });
    expect((results[0] as { status: number }).status).toBe(404);
    expect(results.slice(1)).toEqual([true, true]);
    expect(emu.store.get('contact', b.contactid as string)?.new_behaviorscore).toBe(3);
  });
});
