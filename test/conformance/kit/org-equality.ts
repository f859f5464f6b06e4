import { syncedObjectNames } from '../../../domain/crm/crm-model';
import type { ConformanceFixture } from './conformance-fixture';

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * One field's value as compared: a datetime the store keeps as a Date equals the same instant
 * written as the CRM's text; everything else as JSON, absent and null alike.
 */
function comparable(value: unknown): string {
  if (value instanceof Date) return `instant:${value.getTime()}`;
  if (typeof value === 'string' && ISO_DATETIME.test(value)) return `instant:${Date.parse(value)}`;
  return JSON.stringify(value ?? null);
}

/**
 * Every way crm-sync's local copy differs from the org, field by field, for the given objects (all
 * the CRM model syncs by default), as short lines; empty when equal. Fields crm-sync adds locally
 * do not count; every field the CRM's API returns does, except after an incremental sync
 * (`incremental: true`) the calculated ones: they change without a new modification stamp, and by
 * design only a full sync or a calculated refresh re-reads them. `ignoredFields` names, per record,
 * fields a caller knows may differ for now (the write stamps of records it just pushed to).
 */
export async function localCopyDifferences(
  f: Pick<ConformanceFixture, 'org' | 'model' | 'localRecords'>,
  options: { objects?: string[]; incremental?: boolean; ignoredFields?: (object: string, id: string) => ReadonlySet<string> } = {},
): Promise<string[]> {
  const found: string[] = [];
  for (const object of options.objects ?? syncedObjectNames(f.model)) {
    const idField = f.org.idField(object);
    const skipped = new Set(options.incremental ? f.org.calculatedFields(object) : []);
    const inOrg = await f.org.records(object);
    const local = await f.localRecords(object);
    const localById = new Map(local.map((r) => [r.crmId, r.fields]));
    if (localById.size !== local.length) found.push(`${object}: ${local.length - localById.size} records stored twice`);
    const orgIds = new Set(inOrg.map((r) => String(r[idField])));
    const extra = [...localById.keys()].filter((id) => !orgIds.has(id));
    if (extra.length > 0) found.push(`${object}: ${extra.length} local records the org no longer has, e.g. ${extra.slice(0, 3).join(', ')}`);
    for (const record of inOrg) {
      const id = String(record[idField]);
      const fields = localById.get(id);
      if (!fields) {
        found.push(`${object} ${id}: missing locally`);
        continue;
      }
      const ignored = options.ignoredFields?.(object, id);
      const differing = Object.keys(record).filter((field) => !skipped.has(field) && !ignored?.has(field) && comparable(fields[field]) !== comparable(record[field]));
      for (const field of differing) found.push(`${object} ${id}.${field}: local ${JSON.stringify(fields[field])}, org ${JSON.stringify(record[field])}`);
    }
  }
  return found.slice(0, 25);
}
