/**
 * Brings documents stored by earlier versions to today's shape, once per start of the worker or the
 * API (connectModels). Each step is idempotent and cheap when there is nothing left to change, so
 * starting twice, or two processes starting at once, is harmless.
 */
import { listFilterKindAliases } from '../crm/crm-registry';
import type { Models } from '../models';
import { bucketLegacyRuns } from '../runs/run-buckets';

/**
 * Lists whose filter source was stored under a CRM's older name for it (Salesforce's WHERE-clause
 * lists, stored before list sources were CRM-neutral) now say 'filter'; the clause, object and
 * field types stay as they were.
 */
async function renameListFilterSources(models: Pick<Models, 'MarketingList'>): Promise<number> {
  const aliases = listFilterKindAliases();
  if (aliases.length === 0) return 0;
  const result = await models.MarketingList.collection.updateMany({ 'source.kind': { $in: aliases } }, { $set: { 'source.kind': 'filter' } });
  return result.modifiedCount;
}

export async function migrateStoredDocuments(models: Pick<Models, 'MarketingList' | 'db'>): Promise<void> {
  await renameListFilterSources(models);
  await bucketLegacyRuns(models.db);
}
