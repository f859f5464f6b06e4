/**
 * The limit a full sync is compared with: how long only reading every page from the org takes,
 * and how long only inserting the same documents into an empty database takes. crm-sync overlaps
 * reading and writing, so its best possible time is close to the larger of the two.
 *
 * API:
 *   measureReadAndInsert(org, models, connectionId) → { readSeconds, insertSeconds, records, apiCalls }
 *     one pass: read a page (timed as reading), insert it (timed as inserting), never both at once
 *   measureBulkRead(org) → { readSeconds, records, apiCalls }   (Bulk API 2.0 query, every object)
 */
import { BULK_PAGE_RECORDS } from '../../activities/crm-admin-sync/read-path';
import { storedRecordDocument } from '../../activities/crm-admin-sync/store-records';
import type { ChangeCursor, CrmConnector } from '../../domain/crm/connector';
import { SalesforceConnector } from '../../domain/crm/salesforce/salesforce-connector';
import { SALESFORCE_OBJECTS } from '../../domain/crm/salesforce/salesforce-model';
import type { Models } from '../../domain/models';
import { DEMO_CREDENTIALS } from '../../sf-emulator';
import type { BenchOrg } from './sync-bench';

export function benchConnector(org: BenchOrg): SalesforceConnector {
  return new SalesforceConnector({
    kind: 'password',
    loginUrl: org.emulator.url,
    apiVersion: '59.0',
    username: DEMO_CREDENTIALS.username,
    password: DEMO_CREDENTIALS.password,
    securityToken: DEMO_CREDENTIALS.securityToken,
  });
}

/** The fields crm-sync selects: every non-compound field of the describe. */
export async function selectFields(connector: CrmConnector, object: string): Promise<string[]> {
  const describe = await connector.describeObject(object);
  return describe.fields.filter((f) => !f.compound).map((f) => f.name);
}

export interface ReadAndInsertLimits {
  readSeconds: number;
  insertSeconds: number;
  records: number;
  apiCalls: number;
}

/** REST keyset pages of 2,000, the pages crm-sync's REST path reads, each inserted with one insertMany. */
export async function measureReadAndInsert(org: BenchOrg, models: Models, connectionId: string): Promise<ReadAndInsertLimits> {
  const connector = benchConnector(org);
  const callsBefore = org.emulator.stats.apiCalls;
  let readSeconds = 0;
  let insertSeconds = 0;
  let records = 0;
  for (const object of SALESFORCE_OBJECTS) {
    const fields = await selectFields(connector, object);
    const model = models.crmRecords[object];
    let after: ChangeCursor | undefined;
    for (;;) {
      let started = performance.now();
      const page = await connector.fetchChangedPage({ object, fields, after, pageSize: 2000 });
      readSeconds += (performance.now() - started) / 1000;
      records += page.records.length;
      if (page.records.length > 0) {
        const syncedAt = new Date();
        const docs = page.records.map((r) => storedRecordDocument(connectionId, r, syncedAt));
        started = performance.now();
        await model.insertMany(docs, { ordered: false });
        insertSeconds += (performance.now() - started) / 1000;
      }
      const last = page.records.at(-1);
      if (page.done || !last?.systemModstamp) break;
      after = { stamp: last.systemModstamp, id: last.id };
    }
  }
  return { readSeconds, insertSeconds, records, apiCalls: org.emulator.stats.apiCalls - callsBefore };
}

export interface BulkReadLimit {
  readSeconds: number;
  records: number;
  apiCalls: number;
}

/** Every synced object through one Bulk API 2.0 query job each, results in pages of 10,000; nothing written. */
export async function measureBulkRead(org: BenchOrg): Promise<BulkReadLimit> {
  const connector = benchConnector(org);
  const fieldsByObject = new Map<string, string[]>();
  for (const object of SALESFORCE_OBJECTS) fieldsByObject.set(object, await selectFields(connector, object));
  const callsBefore = org.emulator.stats.apiCalls;
  const started = performance.now();
  let records = 0;
  for (const object of SALESFORCE_OBJECTS) {
    const fields = fieldsByObject.get(object) ?? [];
    const jobId = await connector.startBulkRead({ object, fields });
    await connector.waitForBulkRead(jobId);
    let locator: string | undefined;
    do {
      const page = await connector.fetchBulkReadPage({ object, fields, jobId, locator, maxRecords: BULK_PAGE_RECORDS });
      records += page.records.length;
      locator = page.nextLocator;
    } while (locator);
  }
  return { readSeconds: (performance.now() - started) / 1000, records, apiCalls: org.emulator.stats.apiCalls - callsBefore };
}
