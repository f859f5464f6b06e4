import { DAY_MS, isDateOnly } from '../org/datetime';
import type { FieldDef, FieldValue } from '../schema/types';

export type Comparable = string | number | boolean | null;

const NUMERIC = new Set(['int', 'decimal', 'currency']);
const CASE_SENSITIVE = new Set(['id']);

/** How a field's values compare in filters and order_by: numbers as numbers, datetimes as instants, text without regard to case (MySQL's collation). */
export function comparable(def: FieldDef, value: FieldValue | undefined): Comparable {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.join(',');
  if (NUMERIC.has(def.type)) return Number(value);
  if (def.type === 'datetime') return Date.parse(String(value));
  if (def.type === 'bool') return value === true || value === 1 || value === '1' || value === 'true';
  if (typeof value === 'string' && !CASE_SENSITIVE.has(def.type) && def.type !== 'date') return value.toLowerCase();
  return value as Comparable;
}

/** A filter operand in the field's terms; a date-only operand of a datetime field stands for that day (start, or end for `end`). */
export function operand(def: FieldDef, value: unknown, end = false): Comparable {
  if (def.type === 'datetime' && typeof value === 'string' && isDateOnly(value)) return Date.parse(`${value}T00:00:00Z`) + (end ? DAY_MS - 1000 : 0);
  if (def.type === 'bool') return value === true || value === 1 || value === '1' || value === 'true';
  return comparable(def, value as FieldValue);
}

/** Whether `a` sorts before `b`; both come from one field, so they are of one kind (number, string or boolean). */
export function before(a: Exclude<Comparable, null>, b: Exclude<Comparable, null>): boolean {
  return (a as number) < (b as number);
}

/** Total order for order_by: NULL first ascending, as MySQL sorts. */
export function compareValues(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}
