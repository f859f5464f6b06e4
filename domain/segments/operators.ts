/**
 * Which operators each field kind takes and what value each operator needs. The meaning of each
 * combination is written in query.ts; this file only says what is allowed.
 */
import type { FieldKind } from './catalog';
import { isDay, readDateValue, dayStartMs, MS_PER_DAY } from './dates';
import { QUERY_LIMITS, type SegmentOperator } from './query';

const TEXT_OPS = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'is_empty', 'is_not_empty'] as const;
const ORDER_OPS = ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'] as const;
const DATE_OPS = [...ORDER_OPS, 'before', 'after', 'within_last_days'] as const;

export const OPERATORS_BY_KIND: Record<FieldKind, readonly SegmentOperator[]> = {
  text: TEXT_OPS,
  picklist: TEXT_OPS,
  multipicklist: TEXT_OPS,
  multitext: TEXT_OPS,
  id: ['equals', 'not_equals', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  number: [...ORDER_OPS, 'in', 'not_in'],
  boolean: ['equals', 'not_equals', 'is_empty', 'is_not_empty'],
  date: [...DATE_OPS, 'in', 'not_in'],
  datetime: DATE_OPS,
};

/** The negated operators are `not` of their positive form, also on empty values (query.ts). */
export const POSITIVE_OF: Partial<Record<SegmentOperator, SegmentOperator>> = {
  not_equals: 'equals',
  not_contains: 'contains',
  not_in: 'in',
  is_empty: 'is_not_empty',
};

export function isNegatedOperator(op: SegmentOperator): boolean {
  return POSITIVE_OF[op] !== undefined;
}

export function isOperatorAllowed(kind: FieldKind, op: SegmentOperator): boolean {
  return OPERATORS_BY_KIND[kind].includes(op);
}

const KIND_VALUE: Record<FieldKind, string> = {
  text: 'non-empty text',
  picklist: 'a non-empty picklist value',
  multipicklist: "a non-empty picklist value without ';'",
  multitext: "non-empty text without ';'",
  id: 'a non-empty id',
  number: 'a number',
  boolean: 'true or false',
  date: 'a date YYYY-MM-DD',
  datetime: 'a date YYYY-MM-DD or a date-time with a time zone (2024-05-01T10:00:00Z)',
};

export interface ValueProblem {
  /** Appended to the condition's `.value` path: '' or '[1]'. */
  at: string;
  message: string;
}

/** Why `value` cannot be one value of a `kind` field, or undefined when it can. */
function scalarProblem(kind: FieldKind, value: unknown, textOnly: boolean): string | undefined {
  const expected = textOnly ? `text (${KIND_VALUE[kind]})` : KIND_VALUE[kind];
  if (textOnly || ['text', 'picklist', 'multipicklist', 'multitext', 'id'].includes(kind)) {
    if (typeof value !== 'string') return `expected ${expected}, got ${describeJson(value)}`;
    if (value === '') return 'the value is empty; to find empty fields use is_empty';
    if (value.length > QUERY_LIMITS.maxTextLength) return `the value is ${value.length} characters long; at most ${QUERY_LIMITS.maxTextLength}`;
    if ((kind === 'multipicklist' || kind === 'multitext') && value.includes(';')) return "multi-select values cannot contain ';'; give one value, or several with in";
    return undefined;
  }
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `expected ${expected}, got ${describeJson(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected ${expected}, got ${describeJson(value)}`;
    case 'date':
      return typeof value === 'string' && isDay(value) ? undefined : `expected ${expected}, got ${describeJson(value)}`;
    default:
      return typeof value === 'string' && readDateValue(value) ? undefined : `expected ${expected}, got ${describeJson(value)}`;
  }
}

const TEXT_SEARCH_OPS: readonly SegmentOperator[] = ['contains', 'not_contains', 'starts_with', 'ends_with'];

/** Every problem with a condition's value, given a field kind that allows the operator. */
export function checkConditionValue(kind: FieldKind, op: SegmentOperator, value: unknown, present: boolean): ValueProblem[] {
  const one = (message: string | undefined, at = ''): ValueProblem[] => (message ? [{ at, message }] : []);
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
      return present && value !== null ? one(`${op} takes no value`) : [];
    case 'within_last_days':
      if (!present) return one('within_last_days needs a number of days');
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= QUERY_LIMITS.maxWithinDays
        ? []
        : one(`within_last_days needs a whole number of days from 1 to ${QUERY_LIMITS.maxWithinDays}, got ${describeJson(value)}`);
    case 'between':
      return checkBetween(kind, value, present);
    case 'in':
    case 'not_in':
      return checkList(kind, op, value, present);
    default:
      if (!present) return one(`${op} needs a value: ${KIND_VALUE[kind]}`);
      return one(scalarProblem(kind, value, TEXT_SEARCH_OPS.includes(op)));
  }
}

function checkBetween(kind: FieldKind, value: unknown, present: boolean): ValueProblem[] {
  const expected = `between needs [low, high]: a list of exactly two values, each ${KIND_VALUE[kind]}`;
  if (!present || !Array.isArray(value) || value.length !== 2) return [{ at: '', message: `${expected}, got ${present ? describeJson(value) : 'nothing'}` }];
  const problems: ValueProblem[] = [];
  value.forEach((item, i) => {
    const problem = scalarProblem(kind, item, false);
    if (problem) problems.push({ at: `[${i}]`, message: problem });
  });
  if (problems.length === 0 && lowerBound(kind, value[0]) > upperBound(kind, value[1])) {
    problems.push({ at: '', message: `the low value ${describeJson(value[0])} is above the high value ${describeJson(value[1])}` });
  }
  return problems;
}

/** Comparable numbers for checking low ≤ high (a datetime day spans until its end). */
function lowerBound(kind: FieldKind, value: unknown): number {
  if (kind === 'number') return value as number;
  const read = readDateValue(value as string);
  if (!read) return Number.NaN;
  return 'day' in read ? dayStartMs(read.day) : read.instant;
}

function upperBound(kind: FieldKind, value: unknown): number {
  if (kind === 'number') return value as number;
  const read = readDateValue(value as string);
  if (!read) return Number.NaN;
  return 'day' in read ? dayStartMs(read.day) + (kind === 'datetime' ? MS_PER_DAY - 1 : 0) : read.instant;
}

function checkList(kind: FieldKind, op: SegmentOperator, value: unknown, present: boolean): ValueProblem[] {
  if (!present || !Array.isArray(value) || value.length === 0) {
    return [{ at: '', message: `${op} needs a non-empty list of values, each ${KIND_VALUE[kind]}, got ${present ? describeJson(value) : 'nothing'}` }];
  }
  if (value.length > QUERY_LIMITS.maxListValues) return [{ at: '', message: `${op} takes at most ${QUERY_LIMITS.maxListValues} values, got ${value.length}` }];
  const problems: ValueProblem[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const problem = scalarProblem(kind, value[i], false);
    if (problem) problems.push({ at: `[${i}]`, message: problem });
    // One bad list should not fill the whole 400 with the same message.
    if (problems.length >= 10) break;
  }
  return problems;
}

/** A short description of any JSON value for messages. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…'` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

