import type { ChangeCursor } from '../connector';
import { STAMP_FIELD } from './sugar-records';

/** A filter expression of Sugar's filter API (`/<module>/filter`): a list of conditions, all of which must hold. */
export type SugarFilter = Array<Record<string, unknown>>;

/** The order every keyset read asks for; without `id` Sugar leaves equal stamps in the database's order. */
export const KEYSET_ORDER = `${STAMP_FIELD}:ASC,id:ASC`;

/**
 * An ISO-8601 instant as Sugar writes datetimes (`2024-05-01T08:30:00+00:00`, whole seconds, UTC).
 * Sub-second parts are cut: date_modified has whole seconds, and `$gte` on the cut value only reads more.
 */
export function sugarDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`'${iso}' is not a date and time`);
  return `${instant.toISOString().slice(0, 19)}+00:00`;
}

/**
 * The conditions of a keyset read: records modified at or after `since`, and after the position
 * `after` in (date_modified, id) order. date_modified has whole seconds and an import leaves thousands
 * of records on one, so the position is the pair: records sharing the last stamp are taken by id.
 */
export function keysetFilter(request: { since?: string; after?: ChangeCursor }): SugarFilter {
  const filter: SugarFilter = [];
  if (request.since) filter.push({ [STAMP_FIELD]: { $gte: sugarDateTime(request.since) } });
  if (request.after) {
    const stamp = sugarDateTime(request.after.stamp);
    filter.push({ $or: [{ [STAMP_FIELD]: { $gt: stamp } }, { $and: [{ [STAMP_FIELD]: { $equals: stamp } }, { id: { $gt: request.after.id } }] }] });
  }
  return filter;
}

/** Records with one of these ids. */
export function idsFilter(ids: readonly string[]): SugarFilter {
  return [{ id: { $in: [...ids] } }];
}

/** Records whose id sorts after `afterId` (the drift check's id listing). */
export function afterIdFilter(afterId: string | undefined): SugarFilter {
  return afterId ? [{ id: { $gt: afterId } }] : [];
}

/** Soft-deleted records only (asked with `deleted=true`, which alone would add them to the live ones). */
export const DELETED_ONLY: SugarFilter = [{ deleted: { $equals: true } }];
