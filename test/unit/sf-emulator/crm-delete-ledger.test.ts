import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { SalesforceConnector } from '../../../domain/crm/salesforce/salesforce-connector';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { assertNoCrmDeletes, readDeleteLedger } from '../../harness/crm-delete-ledger';

/** jsforce logged in through SOAP, naming itself in Sforce-Call-Options or not. */
async function login(emu: RunningEmulator, callOptions?: { client: string }): Promise<Connection> {
  const conn = new Connection({ loginUrl: emu.url, version: '59.0', ...(callOptions ? { callOptions } : {}) });
  await conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  return conn;
}

/** Every way the Salesforce API deletes records: one by REST, several through sObject Collections, a Bulk API 2.0 delete job. */
async function deleteEveryWay(emu: RunningEmulator, conn: Connection): Promise<void> {
  const [one, two, three] = ['One', 'Two', 'Three'].map((LastName) => emu.store.insert('Contact', { LastName, Email: `${LastName}@example.com` }).Id);
  await conn.sobject('Contact').destroy(one);
  await conn.sobject('Contact').destroy([two, three], { allOrNone: false });
  // The emulator refuses delete jobs (crm-sync never sends one), but asking is what counts.
  await expect(conn.bulk2.createJob({ object: 'Contact', operation: 'delete' }).open()).rejects.toThrow(/not emulated/);
}

describe('the never-delete ledger', () => {
  let emu: RunningEmulator;
  let ledger: string;

  beforeEach(async () => {
    ledger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'delete-ledger-')), 'ledger.jsonl');
    emu = await startEmulator({ org: 'empty', deleteLedgerPath: ledger });
  });
  afterEach(() => emu.close());

  it('records every delete request sent as client=crm-sync: REST, collections and a bulk delete job', async () => {
    await deleteEveryWay(emu, await login(emu, { client: 'crm-sync' }));
    expect(emu.stats.deleteRequestsBy('crm-sync')).toBe(3);
    expect(readDeleteLedger(ledger).map((e) => e.endpoint)).toEqual(['sobjects.delete', 'composite.sobjects.delete', 'bulk2.ingest.create']);
    expect(() => assertNoCrmDeletes(ledger, () => {})).toThrow(/crm-sync asked the CRM to delete records 3 time/);
  });

  it('counts deletes by other clients (the tests simulating CRM users) apart and leaves the ledger empty', async () => {
    await deleteEveryWay(emu, await login(emu));
    await deleteEveryWay(emu, await login(emu, { client: 'data-loader' }));
    expect(emu.stats.deleteRequestsByClient).toEqual({ '': 3, 'data-loader': 3 });
    expect(emu.stats.deletes).toBe(6);
    expect(readDeleteLedger(ledger)).toEqual([]);
    const lines: string[] = [];
    assertNoCrmDeletes(ledger, (line) => lines.push(line));
    expect(lines).toEqual(['CRM deletes by crm-sync across the suite: 0']);
  });

  it("crm-sync's own Salesforce connection names itself client=crm-sync on every call", async () => {
    const connector = new SalesforceConnector({ kind: 'password', loginUrl: emu.url, apiVersion: '59.0', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken });
    await connector.fetchApiUsage();
    expect(emu.stats.callsByClient['crm-sync']).toBeGreaterThan(0);
    expect(emu.stats.callsByClient['']).toBeUndefined();
  });
});
