/**
 * The CRM side of a push at scale: the same connector calls activities/lists/push-members.ts makes
 * (updateRecords in 200-record calls, or one bulkUpdateRecords per object), timed and counted by
 * the emulator, then checked record by record against the emulator's store.
 */
import type { CrmConnector, RecordUpdate } from '../../domain/crm/connector';
import type { BenchOrg } from './seed-org';
import { timed } from './stats';

const COLLECTION_CHUNK = 200;

export async function pushCrmWrites(
  org: Pick<BenchOrg, 'emulator'>,
  connector: CrmConnector,
  object: string,
  records: RecordUpdate[],
  path: 'collections' | 'bulk',
): Promise<{ seconds: number; apiCalls: number }> {
  const callsBefore = org.emulator.stats.apiCalls;
  const { value: results, seconds } = await timed(async () => {
    if (path === 'bulk') return connector.bulkUpdateRecords({ object, records });
    const all = [];
    for (let i = 0; i < records.length; i += COLLECTION_CHUNK) all.push(...(await connector.updateRecords({ object, records: records.slice(i, i + COLLECTION_CHUNK) })));
    return all;
  });
  const apiCalls = org.emulator.stats.apiCalls - callsBefore;
  const failed = results.filter((r) => !r.success);
  if (results.length !== records.length || failed.length > 0) throw new Error(`${path}: ${results.length} results, ${failed.length} failed, e.g. ${JSON.stringify(failed[0])}`);
  for (const record of records) {
    const stored = org.emulator.store.get(object, record.id);
    for (const [field, value] of Object.entries(record.fields)) {
      if ((stored?.[field] ?? null) !== value) throw new Error(`${path}: ${object} ${record.id}.${field} is ${String(stored?.[field])}, pushed ${String(value)}`);
    }
  }
  return { seconds, apiCalls };
}
