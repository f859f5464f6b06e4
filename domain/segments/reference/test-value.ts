/**
 * The reference meaning of one operator on one stored value, written straight from query.ts with
 * JavaScript comparisons (lower-casing, Date arithmetic) and none of the compiler's MongoDB tricks,
 * so the property tests compare two independent readings of the semantics.
 */
import type { FieldKind, ValueStore } from '../catalog';
import { readDateValue } from '../dates';
import type { ConditionValue, ScalarValue, SegmentOperator } from '../query';

const DAY_MS = 86_400_000;
const STORED_DAY = /^\d{4}-\d{2}-\d{2}$/;
const STORED_DATETIME = { crm: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/, marketing: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/ };

export interface ValueField {
  kind: FieldKind;
  store: ValueStore;
}

/** Whether `stored` satisfies `op value` for a field of this kind, at `now`. */
export function testValue(field: ValueField, op: SegmentOperator, value: ConditionValue | undefined, stored: unknown, now: Date): boolean {
  switch (op) {
    case 'not_equals':
      return !testValue(field, 'equals', value, stored, now);
    case 'not_contains':
      return !testValue(field, 'contains', value, stored, now);
    case 'not_in':
      return !testValue(field, 'in', value, stored, now);
    case 'is_empty':
      return !isPresent(field.kind, stored);
    case 'is_not_empty':
      return isPresent(field.kind, stored);
    case 'in':
      return (value as ScalarValue[]).some((v) => testValue(field, 'equals', v, stored, now));
    case 'equals':
      return equalsValue(field, value as ScalarValue, stored);
    case 'contains':
      return texts(field.kind, stored).some((t) => fold(t).includes(fold(value as string)));
    case 'starts_with':
      return texts(field.kind, stored).some((t) => fold(t).startsWith(fold(value as string)));
    case 'ends_with':
      return texts(field.kind, stored).some((t) => fold(t).endsWith(fold(value as string)));
    case 'between': {
      const [low, high] = value as ScalarValue[];
      return compare(field, 'gte', low, stored) && compare(field, 'lte', high, stored);
    }
    case 'gt':
    case 'after':
      return compare(field, 'gt', value as ScalarValue, stored);
    case 'gte':
      return compare(field, 'gte', value as ScalarValue, stored);
    case 'lt':
    case 'before':
      return compare(field, 'lt', value as ScalarValue, stored);
    case 'lte':
      return compare(field, 'lte', value as ScalarValue, stored);
    case 'within_last_days':
      return withinLastDays(field, value as number, stored, now);
  }
}

/** Case-insensitive comparison: lower-case both sides. */
function fold(text: string): string {
  return text.toLowerCase();
}

/** The items of a multi-select value, each as stored. */
function items(kind: FieldKind, stored: unknown): string[] {
  if (kind === 'multipicklist') return typeof stored === 'string' ? stored.split(';').filter((item) => item !== '') : [];
  if (Array.isArray(stored)) return stored.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof stored === 'string' && stored !== '' ? [stored] : [];
}

/** The texts a free-text operator searches: the value, or each item of a multi-select value. */
function texts(kind: FieldKind, stored: unknown): string[] {
  if (kind === 'multipicklist' || kind === 'multitext') return items(kind, stored);
  return typeof stored === 'string' && stored !== '' ? [stored] : [];
}

function isPresent(kind: FieldKind, stored: unknown): boolean {
  switch (kind) {
    case 'number':
      return typeof stored === 'number' && !Number.isNaN(stored);
    case 'boolean':
      return typeof stored === 'boolean';
    case 'multipicklist':
    case 'multitext':
      return items(kind, stored).length > 0;
    default:
      return typeof stored === 'string' && stored !== '';
  }
}

function equalsValue(field: ValueField, value: ScalarValue, stored: unknown): boolean {
  switch (field.kind) {
    case 'text':
      return typeof stored === 'string' && fold(stored) === fold(value as string);
    case 'picklist':
    case 'id':
      return stored === value;
    case 'multipicklist':
    case 'multitext':
      return items(field.kind, stored).includes(value as string);
    case 'number':
      return typeof stored === 'number' && stored === value;
    case 'boolean':
      return stored === value;
    case 'date':
    case 'datetime':
      return compare(field, 'gte', value, stored) && compare(field, 'lte', value, stored);
  }
}

/** The stored value as epoch milliseconds (dates at UTC midnight), or undefined when it is no date. */
function storedTime(field: ValueField, stored: unknown): number | undefined {
  if (typeof stored !== 'string') return undefined;
  if (field.kind === 'date') return STORED_DAY.test(stored) ? Date.parse(`${stored}T00:00:00.000Z`) : undefined;
  if (!STORED_DATETIME[field.store].test(stored)) return undefined;
  return Date.parse(`${stored.slice(0, 23)}Z`);
}

/**
 * stored <op> value. Numbers compare as numbers; dates as days; for a datetime field a day value is
 * the interval [start of day, start of next day), so "gt day" means at or after the next day and
 * "lte day" means before the next day.
 */
function compare(field: ValueField, op: 'gt' | 'gte' | 'lt' | 'lte', value: ScalarValue, stored: unknown): boolean {
  if (field.kind === 'number') {
    if (typeof stored !== 'number' || Number.isNaN(stored)) return false;
    return op === 'gt' ? stored > (value as number) : op === 'gte' ? stored >= (value as number) : op === 'lt' ? stored < (value as number) : stored <= (value as number);
  }
  const time = storedTime(field, stored);
  const read = readDateValue(value as string);
  if (time === undefined || !read) return false;
  const start = 'day' in read ? Date.parse(`${read.day}T00:00:00.000Z`) : read.instant;
  // For a date field, or an instant, the value is one point; for a datetime field, a day is an interval.
  const end = 'day' in read && field.kind === 'datetime' ? start + DAY_MS : start + (field.kind === 'datetime' ? 1 : DAY_MS);
  switch (op) {
    case 'gt':
      return time >= end;
    case 'gte':
      return time >= start;
    case 'lt':
      return time < start;
    case 'lte':
      return time < end;
  }
}

function withinLastDays(field: ValueField, days: number, stored: unknown, now: Date): boolean {
  const time = storedTime(field, stored);
  if (time === undefined) return false;
  if (field.kind === 'datetime') return time >= now.getTime() - days * DAY_MS && time <= now.getTime();
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return time >= today - days * DAY_MS && time <= today;
}
