import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_ADMIN_CREDENTIALS, type RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { readDeleteLedger } from '../../harness/crm-delete-ledger';
import { connect, startSmallEmulator } from './dataverse-client';

describe('Dataverse emulator: the never-delete ledger', () => {
  let emu: RunningDynamicsEmulator;
  let ledger: string;

  beforeEach(async () => {
    // A ledger of this test's own: the suite's ledger would (rightly) fail the run for the delete made here on purpose.
    ledger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dynamics-ledger-')), 'deletes.jsonl');
    emu = await startSmallEmulator({ deleteLedgerPath: ledger });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(path.dirname(ledger), { recursive: true, force: true });
  });

  it('records every DELETE crm-sync’s app registration sends, carried out or not', async () => {
    const [contact] = emu.store.list('contact');
    const crmSync = connect(emu);
    await crmSync.api.deleteRecord({ collection: 'contacts', key: contact.contactid as string });
    await expect(crmSync.api.deleteRecord({ collection: 'contacts', key: contact.contactid as string })).rejects.toMatchObject({ status: 404 });
    expect(emu.store.get('contact', contact.contactid as string)).toBeUndefined();
    const entries = readDeleteLedger(ledger);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ client: 'crm-sync', endpoint: 'contacts.delete', path: `/api/data/v9.2/contacts(${contact.contactid as string})` });
  });

  it('does not record deletes by another app registration, though it counts them', async () => {
    const [contact] = emu.store.list('contact');
    const admin = connect(emu, TEST_ADMIN_CREDENTIALS);
    await admin.api.deleteRecord({ collection: 'contacts', key: contact.contactid as string });
    expect(readDeleteLedger(ledger)).toEqual([]);
    expect(emu.stats.deleteRequestsBy('test-admin')).toBe(1);
  });

  it('records a DELETE inside a $batch too', async () => {
    const [contact] = emu.store.list('contact');
    const crmSync = connect(emu);
    crmSync.api.startBatch();
    await crmSync.api.deleteRecord({ collection: 'contacts', key: contact.contactid as string });
    await crmSync.api.executeBatch();
    expect(readDeleteLedger(ledger).map((e) => e.endpoint)).toEqual(['contacts.delete']);
  });
});
