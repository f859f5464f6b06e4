import type { CrmRecord } from '../../domain/crm/connector';
import type { Models } from '../../domain/models';

/** What a skipped record is listed under on the run: it has no id to show. */
export const NO_ID = '(no Id)';

/**
 * A record the CRM returns without an Id cannot be keyed, updated or deleted later, so it is not
 * stored; the run lists it (with a few of its values, to find it in the CRM) instead of failing.
 */
export async function skipRecordsWithoutId(
  models: Pick<Models, 'SyncError'>,
  where: { runId: string; connectionId: string; object: string },
  records: CrmRecord[],
  /** The object model's identifyingFields: values that help a person find the record in the CRM. */
  identifyingFields: readonly string[],
): Promise<CrmRecord[]> {
  const keyless = records.filter((r) => !r.id);
  if (!keyless.length) return records;
  const createdAt = new Date();
  await models.SyncError.insertMany(
    keyless.map((r) => ({
      ...where,
      recordId: NO_ID,
      field: 'Id',
      crmField: 'Id',
      rawValue: identifyingValues(r, identifyingFields),
      reason: 'the CRM returned this record without an Id; it was not stored',
      createdAt,
    })),
    { ordered: false },
  );
  return records.filter((r) => r.id);
}

function identifyingValues(record: CrmRecord, identifyingFields: readonly string[]): string {
  const shown = identifyingFields.filter((name) => record.fields[name] != null).map((name) => [name, record.fields[name]]);
  return JSON.stringify(Object.fromEntries(shown)).slice(0, 300);
}
