import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connectTo, startSmallEmulator } from './emulator-connector';

const MISSING = '00000000-0000-4000-8000-0000000000aa';

describe('Dynamics connector: writes', () => {
  let emu: RunningDynamicsEmulator;

  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(async () => {
    // The never-delete rule: no write path of the connector may ever send a DELETE.
    expect(emu.stats.deleteRequestsBy('crm-sync')).toBe(0);
    await emu.close();
  });

  it('updates land in the org, once each, in $batch requests of at most the batch size', async () => {
    const connector = connectTo(emu, { write: { batchSize: 25 } });
    const contacts = emu.store.list('contact');
    expect(contacts).toHaveLength(60);
    const results = await connector.updateRecords({ object: 'contact', records: contacts.map((c, i) => ({ id: String(c.contactid), fields: { new_behaviorscore: 500 + i } })) });
    expect(results.every((r) => r.success)).toBe(true);
    expect(results.map((r) => r.ref)).toEqual(contacts.map((c) => c.contactid));
    contacts.forEach((c, i) => {
      expect(emu.store.get('contact', String(c.contactid))?.new_behaviorscore).toBe(500 + i);
      expect(emu.stats.writesOf(String(c.contactid))).toBe(1);
    });
    expect(emu.stats.byEndpoint.batch).toBe(3);
    expect(emu.stats.byEndpoint['contacts.update']).toBe(60);
    expect(emu.stats.byEndpoint['contacts.upsert']).toBeUndefined();
  });

  it('an update of a missing record is a per-record error with Dataverse’s code and never creates it; other records of the batch land', async () => {
    const connector = connectTo(emu);
    const [a, b] = emu.store.list('contact');
    const before = emu.store.count('contact');
    emu.faults.failRecordWrites([String(b.contactid)], { message: 'Behavior score is locked by a plug-in' });
    const results = await connector.updateRecords({
      object: 'contact',
      records: [
        { id: MISSING, fields: { new_behaviorscore: 1 } },
        { id: String(a.contactid), fields: { new_behaviorscore: 2 } },
        { id: String(b.contactid), fields: { new_behaviorscore: 3 } },
        { id: String(a.contactid), fields: { new_customertier: 7 } },
      ],
    });
    expect(results[0]).toMatchObject({ ref: MISSING, success: false, errors: [{ code: '0x80040217', message: expect.stringContaining('Does Not Exist') }] });
    expect(results[1]).toMatchObject({ success: true, errors: [] });
    expect(results[2]).toMatchObject({ success: false, errors: [{ code: '0x80040265', message: 'Behavior score is locked by a plug-in' }] });
    expect(results[3]).toMatchObject({ success: false, errors: [{ code: '0x80040203' }] });
    expect(emu.store.count('contact')).toBe(before);
    expect(emu.store.get('contact', MISSING)).toBeUndefined();
    expect(emu.store.get('contact', String(a.contactid))?.new_behaviorscore).toBe(2);
  });

  it('bulkUpdateRecords is the same $batch path, and there is never a bulk job to settle', async () => {
    const connector = connectTo(emu);
    const [a] = emu.store.list('lead');
    await expect(connector.bulkUpdateRecords({ object: 'lead', records: [{ id: String(a.leadid), fields: { new_behaviorscore: 42 } }] })).resolves.toMatchObject([{ success: true }]);
    expect(emu.store.get('lead', String(a.leadid))?.new_behaviorscore).toBe(42);
    await expect(connector.settleBulkUpdateJob('any')).resolves.toEqual({ state: 'Gone' });
  });

  it('creates send crm-sync’s own id, return it, and report refused records one by one', async () => {
    const connector = connectTo(emu);
    const before = emu.store.count('lead');
    const results = await connector.createRecords({
      object: 'lead',
      records: [
        { ref: 'member-1', fields: { lastname: 'Hopper', subject: 'Webinar', new_behaviorscore: 10 } },
        { ref: 'member-2', fields: { lastname: 'Bad', subject: 'Webinar', nosuchcolumn: 1 } },
      ],
    });
    expect(results[0]).toMatchObject({ ref: 'member-1', success: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(results[1]).toMatchObject({ ref: 'member-2', success: false, errors: [{ code: '0x80060888' }] });
    expect(emu.store.get('lead', results[0].id!)).toMatchObject({ lastname: 'Hopper', new_behaviorscore: 10 });
    expect(emu.store.count('lead')).toBe(before + 1);
  });
});
