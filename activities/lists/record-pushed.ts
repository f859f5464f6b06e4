import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { PlannedUpdate } from '../../domain/lists/push-plan';
import type { CrmObject } from '../../domain/mapping/mapping';
import { crmRecordKey } from '../../domain/models/crm-record';
import { listMemberKey } from '../../domain/models/list-member';
import type { ListContext, ListDeps } from './list-context';

/**
 * What the CRM holds now, recorded locally: the member's agreed values, its contact view and the CRM
 * record copy. After a successful push marketing's change has arrived, so its change note goes; a
 * value only read back from the CRM (a crashed attempt's write that may not have landed) keeps it,
 * so an explicit clear still counts when the retry writes it.
 */
export async function recordPushed(deps: ListDeps, ctx: ListContext, object: CrmObject, writes: PlannedUpdate[], options: { readBack?: boolean } = {}): Promise<void> {
  if (writes.length === 0) return;
  const { models } = deps;
  const now = new Date();
  const typed = (field: string, value: unknown) => {
    const type = ctx.fieldTypes.get(field);
    return (type === 'Date' || type === 'Datetime') && typeof value === 'string' ? new Date(value) : value;
  };
  await bulkWriteInChunks(
    models.ListMember,
    writes.map((w) => ({
      updateOne: {
        filter: { _id: listMemberKey(ctx.listId, w.id) },
        update: {
          $set: { ...Object.fromEntries(w.memberFields.map((f) => [`syncedValues.${f.field}`, f.value])), updatedAt: now },
          ...(options.readBack ? {} : { $unset: Object.fromEntries(w.memberFields.map((f) => [`localChanges.${f.field}`, 1 as const])) }),
        },
      },
    })),
  );
  await bulkWriteInChunks(
    models.ContactView,
    writes.map((w) => ({ updateOne: { filter: { _id: crmRecordKey(ctx.connectionId, w.id) }, update: { $set: Object.fromEntries(w.memberFields.map((f) => [`values.${f.field}`, typed(f.field, f.value)])) } } })),
  );
  await bulkWriteInChunks(
    // The CRM's object (Sugar's `Contacts`), not the person kind: record collections are named for the CRM's objects.
    models.crmRecords[ctx.personObjects[object]],
    writes.map((w) => ({ updateOne: { filter: { _id: crmRecordKey(ctx.connectionId, w.id) }, update: { $set: Object.fromEntries(Object.entries(w.fields).map(([k, v]) => [`fields.${k}`, v])) } } })),
  );
}

