import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_ADMIN_CREDENTIALS, type RunningSugarEmulator } from '../../../sugar-emulator';
import { readDeleteLedger } from '../../harness/crm-delete-ledger';
import { connect, startSmallEmulator } from './sugar-client';

describe('Sugar emulator: the never-delete ledger', () => {
  let emu: RunningSugarEmulator;
  let ledger: string;

  beforeEach(async () => {
    // A ledger of this test's own: the suite's ledger would (rightly) fail the run for the deletes made here on purpose.
    ledger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sugar-ledger-')), 'deletes.jsonl');
    emu = await startSmallEmulator({ deleteLedgerPath: ledger });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(path.dirname(ledger), { recursive: true, force: true });
  });

  it('records every DELETE crm-sync’s user sends, carried out or not; the record is soft-deleted', async () => {
    const [contact] = emu.store.list('Contacts');
    const id = contact.id as string;
    const crmSync = connect(emu);
    await expect(crmSync.request('DELETE', `Contacts/${id}`)).resolves.toMatchObject({ status: 200, body: { id } });
    await expect(crmSync.request('DELETE', `Contacts/${id}`)).resolves.toMatchObject({ status: 404 });
    expect(emu.store.get('Contacts', id)).toBeUndefined();
    expect(emu.store.getWithDeleted('Contacts', id)).toMatchObject({ deleted: true });
    const entries = readDeleteLedger(ledger);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ client: 'crm-sync', endpoint: 'Contacts.delete', path: `/rest/v11_25/Contacts/${id}` });
  });

  it('does not record deletes by another user, though it counts them', async () => {
    const [contact] = emu.store.list('Contacts');
    await connect(emu, TEST_ADMIN_CREDENTIALS).request('DELETE', `Contacts/${contact.id as string}`);
    expect(readDeleteLedger(ledger)).toEqual([]);
    expect(emu.stats.deleteRequestsBy('test-admin')).toBe(1);
  });

  it('records a DELETE inside a bulk request, and a target list member unlinked by crm-sync', async () => {
    const [contact] = emu.store.list('Contacts');
    const crmSync = connect(emu);
    await crmSync.request('POST', 'bulk', { requests: [{ url: `/v11_25/Contacts/${contact.id as string}`, method: 'DELETE' }] });
    const list = emu.store.list('ProspectLists').find((l) => emu.store.listMembers(l.id as string).length)!;
    const [member] = emu.store.listMembers(list.id as string);
    await crmSync.request('DELETE', `ProspectLists/${list.id as string}/link/${member.module.toLowerCase()}/${member.id}`);
    expect(readDeleteLedger(ledger).map((e) => e.endpoint)).toEqual(['Contacts.delete', 'ProspectLists.unlink']);
  });
});
