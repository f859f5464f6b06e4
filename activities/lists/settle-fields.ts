import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { LocalAgreement, PlannedConflict } from '../../domain/lists/push-plan';
import type { CrmObject } from '../../domain/mapping/mapping';
import { crmRecordKey } from '../../domain/models/crm-record';
import { fieldConflictKey, type FieldConflictDoc } from '../../domain/models/field-conflict';
import { emailKeyOf, listMemberKey } from '../../domain/models/list-member';
import type { ListContext, ListDeps } from './list-context';

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}

/** When the CRM record last changed, for the most-recent conflict rule; null when unknown. `object` is the CRM's (ListContext.personObjects). */
export async function crmChangedAtOf(deps: ListDeps, connectionId: string, object: string, crmId: string): Promise<Date | null> {
  const record = await deps.models.crmRecords[object].findById(crmRecordKey(connectionId, crmId), { systemModstamp: 1 }).lean();
  return record?.systemModstamp ?? null;
}

/** The `$set`/`$unset` that makes a member agree with the CRM on one field. */
export function agreementUpdate(a: Pick<LocalAgreement, 'field' | 'value' | 'changesMember'>): { $set: Record<string, unknown>; $unset: Record<string, 1> } {
  const $set: Record<string, unknown> = { [`syncedValues.${a.field}`]: a.value };
  const $unset: Record<string, 1> = {};
  if (a.changesMember) {
    $set[`values.${a.field}`] = a.value;
    if (a.field === 'email') $set.emailKey = emailKeyOf(a.value);
    $unset[`localChanges.${a.field}`] = 1;
  }
  return { $set, $unset };
}

/** Writes local agreements (no CRM call): the CRM's changes arrive in the members, agreed values are set. */
export async function applyAgreements(deps: ListDeps, ctx: ListContext, agreements: LocalAgreement[]): Promise<void> {
  if (agreements.length === 0) return;
  const byMember = new Map<string, { $set: Record<string, unknown>; $unset: Record<string, 1> }>();
  for (const a of agreements) {
    const update = byMember.get(a.crmId) ?? { $set: { updatedAt: new Date() }, $unset: {} };
    const one = agreementUpdate(a);
    Object.assign(update.$set, one.$set);
    Object.assign(update.$unset, one.$unset);
    byMember.set(a.crmId, update);
  }
  await bulkWriteInChunks(
    deps.models.ListMember,
    [...byMember].map(([crmId, u]) => ({ updateOne: { filter: { _id: listMemberKey(ctx.listId, crmId) }, update: Object.keys(u.$unset).length > 0 ? u : { $set: u.$set } } })),
  );
}

/** Records conflicts on the run; recording one again (a retried attempt) changes nothing. */
export async function recordConflicts(deps: ListDeps, ctx: ListContext, runId: string, conflicts: PlannedConflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  const at = new Date();
  const docs: FieldConflictDoc[] = conflicts.map((c) => ({
    _id: fieldConflictKey(runId, c.crmId, c.field),
    runId,
    listId: ctx.listId,
    connectionId: ctx.connectionId,
    crmId: c.crmId,
    type: c.type,
    field: c.field,
    crmField: c.crmField,
    marketingValue: c.marketingValue ?? null,
    crmValue: c.crmValue ?? null,
    agreedValue: c.agreedValue ?? null,
    rule: c.rule,
    winner: c.winner,
    outcome: c.outcome,
    at,
  }));
  for (let i = 0; i < docs.length; i += 500) {
    await deps.models.FieldConflict.insertMany(docs.slice(i, i + 500), { ordered: false }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
}
