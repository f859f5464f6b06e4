import type { CrmConnector } from '../../domain/crm/connector';
import { entryFor, toMemberValue } from '../../domain/lists/member-values';
import type { CrmObject } from '../../domain/mapping/mapping';
import type { PlannedUpdate } from '../../domain/lists/push-plan';
import type { ListContext, ListDeps } from './list-context';
import { recordPushed } from './record-pushed';

/** Records whose write was sent when an attempt died: the CRM may or may not have applied it. */
export interface InFlightPush {
  object: CrmObject;
  ids: string[];
  fields: string[];
  /** Bulk ingest jobs created for these records, noted before their upload. */
  bulkJobIds?: string[];
}

const FETCH_CHUNK = 200;

/**
 * Reads the in-flight records back from the CRM and records their current values locally, so the
 * retried push compares against what the CRM really holds and skips writes that already landed.
 * Bulk jobs of the dead attempt are settled first (an Open one aborted, a running one waited for):
 * a job still processing would otherwise write its records again after the retry wrote them.
 */
export async function reconcileInFlightPush(deps: ListDeps, ctx: ListContext, inFlight: InFlightPush, connector: CrmConnector): Promise<void> {
  for (const jobId of inFlight.bulkJobIds ?? []) await connector.settleBulkUpdateJob(jobId);
  const fields = inFlight.fields
    .map((field) => ({ field, entry: entryFor(ctx.mapping, inFlight.object, field) }))
    .filter((f): f is { field: string; entry: NonNullable<typeof f.entry> } => !!f.entry);
  if (fields.length === 0) return;
  for (let i = 0; i < inFlight.ids.length; i += FETCH_CHUNK) {
    const ids = inFlight.ids.slice(i, i + FETCH_CHUNK);
    const records = await connector.fetchByIds({ object: ctx.personObjects[inFlight.object], fields: fields.map((f) => f.entry.crmField), ids });
    const writes: PlannedUpdate[] = records.map((record) => ({
      id: record.id,
      fields: Object.fromEntries(fields.map((f) => [f.entry.crmField, record.fields[f.entry.crmField] ?? null])),
      memberFields: fields.map((f) => ({ field: f.field, crmField: f.entry.crmField, value: toMemberValue(ctx.fieldTypes.get(f.field), record.fields[f.entry.crmField] ?? null) })),
    }));
    await recordPushed(deps, ctx, inFlight.object, writes, { readBack: true });
  }
}
