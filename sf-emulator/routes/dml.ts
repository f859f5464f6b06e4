import type { EmulatorContext } from '../context';
import { notFound, recordError, type RecordError } from '../errors';
import { findField, findObject, type SfRecord } from '../schema';
import { noSuchColumn, readField } from '../soql/fields';
import { recordUrl } from '../soql/projection';
import type { WritePlan } from '../writes';

export interface SaveResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
}

export type DmlKind = 'create' | 'update' | 'delete';

/**
 * Injected failures of a valid write, applied after Salesforce's own checks (a deleted record still
 * answers ENTITY_IS_DELETED): a per-record fault, as a validation rule would raise, then a lock
 * failure that looks like a real one, a record-level UNABLE_TO_LOCK_ROW.
 */
export function withWriteFaults(ctx: EmulatorContext, plan: WritePlan): WritePlan {
  if (!plan.ok) return plan;
  const injected = plan.id ? ctx.faults.recordWriteFault(plan.id) : undefined;
  if (injected) return { ok: false, id: plan.id, error: injected };
  if (!ctx.faults.lockRowFails()) return plan;
  const what = plan.id ? `: ${plan.id}` : '';
  return { ok: false, id: plan.id, error: recordError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records${what}`, []) };
}

/** Writes a validated plan to the store and counts it; returns the saved id. */
export function commitPlan(ctx: EmulatorContext, plan: WritePlan & { ok: true }, kind: DmlKind, userId: string): string {
  if (kind === 'create') {
    const record = ctx.store.insert(plan.object.name, plan.changes, { userId });
    ctx.stats.countWrite(record.Id);
    return record.Id;
  }
  const id = plan.id as string;
  if (kind === 'update') {
    ctx.store.update(plan.object.name, id, plan.changes, { userId });
    ctx.stats.countWrite(id);
  } else {
    ctx.store.delete(plan.object.name, id);
    ctx.stats.countDelete(id);
  }
  return id;
}

export function failedResult(plan: WritePlan & { ok: false }, kind: DmlKind): SaveResult {
  return { ...(kind === 'create' || !plan.id ? {} : { id: plan.id }), success: false, errors: [plan.error] };
}

/** A record as GET /sobjects/X/id returns it: every field (or the requested ones) after `attributes`. */
export function renderRecord(ctx: EmulatorContext, type: string, record: SfRecord, version: string, fieldList?: string): Record<string, unknown> {
  const object = findObject(type);
  if (!object) throw notFound();
  const fields = fieldList
    ? fieldList.split(',').filter(Boolean).map((name) => findField(object, name.trim()) ?? (() => { throw noSuchColumn(name.trim(), object); })())
    : object.fields;
  const out: Record<string, unknown> = { attributes: { type: object.name, url: recordUrl(version, object.name, record.Id) } };
  const now = ctx.store.now();
  for (const field of fields) out[field.name] = readField(record, field, now);
  return out;
}
