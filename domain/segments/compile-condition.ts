/**
 * One condition on one stored value, as a MongoDB filter on its path (`fields.Amount`, `values.email`).
 * Negated operators compile to their positive form plus `negated`: the caller applies the negation
 * where the value's record is known to exist or not (query.ts: negations are true on empty values).
 *
 * Every positive filter is type-bracketed, so a value of another type, null or a missing field never
 * matches: strings with $gt '' / $regex / $eq on a string, numbers with numeric bounds, booleans
 * with $in [true, false]. Stored datetimes are fixed-width UTC strings (dates.ts), so time bounds are
 * string bounds; a whole-day bound is the bare 'YYYY-MM-DD', which sorts before every time of that day.
 */
import type { FieldKind, ResolvedField } from './catalog';
import { addDays, dayOf, MS_PER_DAY, readDateValue, storedDatetimeText } from './dates';
import { anyOf, escapeRegex, type Compiled } from './filters';
import { POSITIVE_OF } from './operators';
import type { ConditionValue, ScalarValue, SegmentOperator } from './query';

export interface CompiledAtom {
  filter: Compiled;
  negated: boolean;
}

type Bounds = { $gt?: unknown; $gte?: unknown; $lt?: unknown; $lte?: unknown };

export function compileAtom(field: ResolvedField, path: string, op: SegmentOperator, value: ConditionValue | undefined, now: Date): CompiledAtom {
  const positive = POSITIVE_OF[op];
  return positive ? { filter: positiveFilter(field, path, positive, value, now), negated: true } : { filter: positiveFilter(field, path, op, value, now), negated: false };
}

function positiveFilter(field: ResolvedField, path: string, op: SegmentOperator, value: ConditionValue | undefined, now: Date): Compiled {
  const { kind } = field;
  switch (op) {
    case 'is_not_empty':
      return { [path]: presentFilter(kind) };
    case 'equals':
      return equalsFilter(field, path, value as ScalarValue);
    case 'in':
      return inFilter(field, path, value as ScalarValue[]);
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { [path]: { $regex: textSearchPattern(kind, op, value as string), $options: 'i' } };
    case 'within_last_days':
      return withinLastDays(field, path, value as number, now);
    case 'between': {
      const [low, high] = value as ScalarValue[];
      return rangeFilter(path, bound(field, 'gte', low), bound(field, 'lte', high));
    }
    case 'gt':
    case 'after':
      return rangeFilter(path, bound(field, 'gt', value as ScalarValue));
    case 'gte':
      return rangeFilter(path, bound(field, 'gte', value as ScalarValue));
    case 'lt':
    case 'before':
      return rangeFilter(path, bound(field, 'lt', value as ScalarValue));
    case 'lte':
      return rangeFilter(path, bound(field, 'lte', value as ScalarValue));
    default:
      throw new Error(`compileAtom: ${op} is not a positive operator`);
  }
}

function presentFilter(kind: FieldKind): object {
  if (kind === 'number') return { $gte: -Number.MAX_VALUE };
  if (kind === 'boolean') return { $in: [true, false] };
  // Non-empty strings, and for MultiText lists, lists holding one.
  return { $gt: '' };
}

function equalsFilter(field: ResolvedField, path: string, value: ScalarValue): Compiled {
  switch (field.kind) {
    case 'text':
      return { [path]: { $regex: `^${escapeRegex(value as string)}$`, $options: 'i' } };
    case 'multipicklist':
      return { [path]: { $regex: `(?:^|;)${escapeRegex(value as string)}(?:;|$)` } };
    case 'datetime':
      return rangeFilter(path, bound(field, 'equals', value));
    default:
      // picklist and id as stored, MultiText lists by element, numbers, booleans, 'YYYY-MM-DD' dates.
      return { [path]: { $eq: value } };
  }
}

function inFilter(field: ResolvedField, path: string, values: ScalarValue[]): Compiled {
  // Per-value regexes rather than one alternation: a 1,000-value pattern would pass the servers' regex size limits.
  if (field.kind === 'text' || field.kind === 'multipicklist') return anyOf(values.map((v) => equalsFilter(field, path, v)));
  return { [path]: { $in: values } };
}

function textSearchPattern(kind: FieldKind, op: 'contains' | 'starts_with' | 'ends_with', text: string): string {
  const literal = escapeRegex(text);
  // A multipicklist is one 'A;B;C' string: starts/ends with apply to each item, so anchor at ';' too.
  const start = kind === 'multipicklist' ? '(?:^|;)' : '^';
  const end = kind === 'multipicklist' ? '(?:;|$)' : '$';
  if (op === 'starts_with') return `${start}${literal}`;
  if (op === 'ends_with') return `${literal}${end}`;
  return literal;
}

/**
 * The bound a comparison puts on stored values. For a datetime field a day value covers the whole
 * UTC day: after it means from the next day's start, up to and including it means before that start.
 */
function bound(field: ResolvedField, op: 'gt' | 'gte' | 'lt' | 'lte' | 'equals', value: ScalarValue): Bounds | false {
  if (field.kind !== 'datetime') {
    if (op === 'equals') return { $gte: value, $lte: value };
    return { [`$${op}`]: value };
  }
  const read = readDateValue(value as string);
  if (!read) throw new Error(`compileAtom: ${String(value)} is not a date value (the query was not validated)`);
  if ('instant' in read) {
    const text = storedDatetimeText(read.instant, field.store);
    return op === 'equals' ? { $gte: text, $lte: text } : { [`$${op}`]: text };
  }
  // A missing next day means the day is 9999-12-31: nothing comes after it, everything up to it.
  const next = addDays(read.day, 1);
  switch (op) {
    case 'gt':
      return next === undefined ? false : { $gte: next };
    case 'gte':
      return { $gte: read.day };
    case 'lt':
      return { $lt: read.day };
    case 'lte':
      return next === undefined ? { $gt: '' } : { $lt: next };
    case 'equals':
      return next === undefined ? { $gte: read.day } : { $gte: read.day, $lt: next };
  }
}

function rangeFilter(path: string, ...parts: (Bounds | false)[]): Compiled {
  if (parts.some((p) => p === false)) return false;
  const merged: Bounds = Object.assign({}, ...parts);
  // A range of one value is that value: an $eq reads better in a logged plan.
  if (merged.$gte !== undefined && merged.$gte === merged.$lte && Object.keys(merged).length === 2) return { [path]: { $eq: merged.$gte } };
  return { [path]: merged };
}

function withinLastDays(field: ResolvedField, path: string, days: number, now: Date): Compiled {
  if (field.kind === 'datetime') {
    const from = now.getTime() - days * MS_PER_DAY;
    const upTo = storedDatetimeText(now.getTime(), field.store);
    return { [path]: dayOf(from) === undefined ? { $gt: '', $lte: upTo } : { $gte: storedDatetimeText(from, field.store), $lte: upTo } };
  }
  const today = dayOf(now.getTime());
  if (today === undefined) return false;
  const from = addDays(today, -days);
  return { [path]: from === undefined ? { $gt: '', $lte: today } : { $gte: from, $lte: today } };
}
