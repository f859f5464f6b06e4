/**
 * The sync a user would write without crm-sync: jsforce `query` with autoFetch, then one mongoose
 * upsert per record. Each upsert is an `_id` look-up plus a write, which costs more, never less, as
 * a collection grows (without the id-index keeper FerretDB scans the table for it), so it is
 * measured on the first records until a record cap or a time budget is reached, starting from
 * empty collections: the rate reported is its best case.
 *
 * API: measureNaiveSync(org, models, connectionId, { maxRecords, budgetSeconds }) → { records, seconds, apiCalls }
 */
import { Connection } from 'jsforce';
import { crmRecordKey } from '../../domain/models/crm-record';
import type { Models } from '../../domain/models';
import { SALESFORCE_OBJECTS } from '../../domain/crm/salesforce/salesforce-model';
import { DEMO_CREDENTIALS } from '../../sf-emulator';
import type { BenchOrg } from './sync-bench';

export interface NaiveSample {
  records: number;
  seconds: number;
  apiCalls: number;
  objects: string[];
}

export async function measureNaiveSync(org: BenchOrg, models: Models, connectionId: string, cap: { maxRecords: number; budgetSeconds: number }): Promise<NaiveSample> {
  const conn = new Connection({ loginUrl: org.emulator.url, version: '59.0' });
  await conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  const callsBefore = org.emulator.stats.apiCalls;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let records = 0;
  const objects: string[] = [];
  for (const object of SALESFORCE_OBJECTS) {
    if (records >= cap.maxRecords || elapsed() >= cap.budgetSeconds) break;
    objects.push(object);
    const describe = await conn.sobject(object).describe();
    const fields = describe.fields.filter((f) => f.type !== 'address' && f.type !== 'location').map((f) => f.name);
    const result = await conn.query<Record<string, unknown>>(`SELECT ${fields.join(', ')} FROM ${object}`, {
      autoFetch: true,
      maxFetch: cap.maxRecords - records,
    });
    const model = models.crmRecords[object];
    for (const { attributes: _attributes, ...fieldValues } of result.records) {
      const id = String(fieldValues.Id);
      await model.updateOne(
        { _id: crmRecordKey(connectionId, id) },
        { $set: { connectionId, crmId: id, fields: fieldValues, syncedAt: new Date() } },
        { upsert: true },
      );
      records += 1;
      if (elapsed() >= cap.budgetSeconds) break;
    }
  }
  return { records, seconds: elapsed(), apiCalls: org.emulator.stats.apiCalls - callsBefore, objects };
}
