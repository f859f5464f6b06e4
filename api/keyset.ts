/**
 * Keyset pagination: a page starts after the last row of the page before (its sort value and its
 * unique tie-breaker, carried in an opaque `after` cursor), so page 100 reads as little as page 1.
 * Page numbers remain for the first pages only: skipping is refused past MAX_SKIPPED_ROWS.
 */
import type { FilterQuery, Model, SortOrder } from 'mongoose';
import { HttpError } from './http-errors';

/** A sort column and its direction; the last key of a page's sort must be unique (a tie-breaker). */
export interface SortKey {
  field: string;
  dir: 1 | -1;
}

/** Past this many rows a page number is refused: follow the page's `next` cursor instead. */
export const MAX_SKIPPED_ROWS = 1_000;

export interface KeysetPaging {
  page: number;
  perPage: number;
  after?: string;
}

type CursorValue = string | number | boolean | null | { d: string };

function toCursorValue(value: unknown): CursorValue {
  if (value instanceof Date) return { d: value.toISOString() };
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function fromCursorValue(value: CursorValue): unknown {
  return value !== null && typeof value === 'object' ? new Date(value.d) : value;
}

function readField(row: Record<string, unknown>, field: string): unknown {
  return field.split('.').reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), row);
}

export function encodeCursor(row: Record<string, unknown>, keys: readonly SortKey[]): string {
  return Buffer.from(JSON.stringify(keys.map((k) => toCursorValue(readField(row, k.field))))).toString('base64url');
}

function badCursor(): HttpError {
  return new HttpError(400, 'after: not a cursor of this table (use the page.next value of the page before, with the same sort)');
}

export function decodeCursor(cursor: string, keys: readonly SortKey[]): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const valid = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && typeof (v as { d?: unknown }).d === 'string' && !Number.isNaN(Date.parse((v as { d: string }).d)));
  if (!Array.isArray(values) || values.length !== keys.length || !values.every(valid)) throw badCursor();
  return (values as CursorValue[]).map(fromCursorValue);
}

/** Rows strictly beyond `value` in the key's direction. MongoDB sorts null first ascending, last descending. */
function beyond(key: SortKey, value: unknown): FilterQuery<unknown> | null {
  if (value === null) return key.dir === 1 ? { [key.field]: { $ne: null } } : null;
  const strictly = { [key.field]: { [key.dir === 1 ? '$gt' : '$lt']: value } };
  return key.dir === 1 ? strictly : { $or: [strictly, { [key.field]: null }] };
}

/** The filter for the rows after the cursor's row in the sort `keys`: beyond on key i, equal on the keys before it. */
export function afterFilter(keys: readonly SortKey[], values: readonly unknown[]): FilterQuery<unknown> {
  const branches: FilterQuery<unknown>[] = [];
  keys.forEach((key, i) => {
    const past = beyond(key, values[i]);
    if (!past) return;
    const equalBefore = Object.fromEntries(keys.slice(0, i).map((k, j) => [k.field, values[j]]));
    branches.push({ ...equalBefore, ...past });
  });
  return branches.length === 1 ? branches[0] : { $or: branches };
}

/**
 * The page's filter and the cursor's condition side by side at the top level, not under `$and`:
 * FerretDB hands top-level equalities (the list, the segment, the run) to the database's index and
 * filters the rest itself, but under `$and` it hands nothing and decodes the whole collection.
 */
function withAfter<T>(filter: FilterQuery<T>, after: FilterQuery<unknown>): FilterQuery<T> {
  const clashes = Object.keys(after).some((key) => key in filter);
  return (clashes ? { $and: [filter, after] } : { ...filter, ...after }) as FilterQuery<T>;
}

export function sortOf(keys: readonly SortKey[]): Record<string, SortOrder> {
  return Object.fromEntries(keys.map((k) => [k.field, k.dir]));
}

/**
 * One page of `model` matching `filter` in the order of `keys`: after the cursor when there is one,
 * else page `paging.page` (refused past MAX_SKIPPED_ROWS). `next` is the cursor of the page after, null on the last.
 */
export async function readKeysetPage<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  keys: readonly SortKey[],
  paging: KeysetPaging,
  projection?: Record<string, 0 | 1>,
): Promise<{ rows: (T & Record<string, unknown>)[]; next: string | null }> {
  const skipped = paging.after ? 0 : (paging.page - 1) * paging.perPage;
  if (skipped > MAX_SKIPPED_ROWS) {
    throw new HttpError(400, `page: page ${paging.page} starts past the first ${MAX_SKIPPED_ROWS} rows; follow page.next (the after parameter) to read further`);
  }
  const where = paging.after ? withAfter(filter, afterFilter(keys, decodeCursor(paging.after, keys))) : filter;
  const found = (await model
    .find(where as FilterQuery<T>, projection)
    .sort(sortOf(keys))
    .skip(skipped)
    .limit(paging.perPage + 1)
    .lean()) as (T & Record<string, unknown>)[];
  const rows = found.slice(0, paging.perPage);
  return { rows, next: found.length > paging.perPage ? encodeCursor(rows[rows.length - 1], keys) : null };
}

/**
 * A count read no further than `cap` rows: tables whose size nothing maintains (runs, audit entries)
 * show "1,000+" instead of counting a whole collection for a page.
 */
export async function countUpTo<T>(model: Model<T>, filter: FilterQuery<T>, cap = MAX_SKIPPED_ROWS): Promise<{ total: number; capped: boolean }> {
  const n = await model.countDocuments(filter, { limit: cap + 1 });
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}
