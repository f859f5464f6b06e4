/**
 * Evaluates a compiled $filter on one local Dataverse record, as Dataverse's SQL would:
 * - three-valued logic: a comparison with an empty column is unknown (Dataverse documents that rows
 *   whose expression is null are not returned), `not` of unknown stays unknown, so `ne 'a'` and
 *   `not contains(…)` leave out rows where the column is empty; `eq null` and `ne null` test emptiness;
 * - text compares without regard to case; a choice by its option value, stored as text ("100000001");
 *   a multi-select choice as the set of its options (stored ';'-joined); lookups and ids as GUIDs in
 *   any case;
 * - ContainValues is true when any listed option is selected; DoesNotContainValues when none is, an
 *   empty selection included (no option of the list is selected);
 * - dates by the ranges of odata-filter-dates.ts.
 */
import { dateRange, readStoredDate, readStoredDateTime } from './odata-filter-dates';
import type { CompiledODataFilter, FilterCondition, FilterValue, ValueKind } from './odata-filter-types';

type Stored = string | number | boolean | string[];
/** true, false, or null for unknown. */
type Truth = boolean | null;

function readText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw === '' ? null : raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return null;
}

function readNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The record's value in the form the compiled literals of its kind have; null when empty. */
function readValue(kind: ValueKind, raw: unknown): Stored | null {
  switch (kind) {
    case 'text': return readText(raw)?.toLowerCase() ?? null;
    case 'guid': return readText(raw)?.toLowerCase() ?? null;
    case 'number':
    case 'choice': return readNumber(raw);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return raw === 1 || raw === 0 ? raw === 1 : null;
    case 'date': return readStoredDate(raw);
    case 'datetime': return readStoredDateTime(raw);
    case 'choices': {
      const text = Array.isArray(raw) ? raw.join(';') : readText(raw);
      const values = (text ?? '').split(/[;,]/).map((v) => v.trim()).filter(Boolean).map((v) => String(Number(v)));
      return values.length ? [...new Set(values)].sort() : null;
    }
  }
}

function sameValue(value: Stored, literal: FilterValue): boolean {
  if (Array.isArray(literal)) return Array.isArray(value) && value.length === literal.length && value.every((v, i) => v === literal[i]);
  return value === literal;
}

function compare(condition: Extract<FilterCondition, { kind: 'compare' }>, value: Stored | null): Truth {
  const { operator, value: literal } = condition;
  if (literal === null) return operator === 'eq' ? value === null : value !== null;
  if (value === null) return null;
  if (operator === 'eq' || operator === 'ne') return sameValue(value, literal) === (operator === 'eq');
  // Ordering is only compiled for text, numbers, choices and dates: both sides are strings or both numbers.
  const [a, b] = [value as number | string, literal as number | string];
  switch (operator) {
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
  }
}

function testCondition(condition: FilterCondition, fields: Record<string, unknown>, nowMs: number): Truth {
  const value = readValue(condition.valueKind, fields[condition.field]);
  switch (condition.kind) {
    case 'compare': return compare(condition, value);
    case 'text': {
      if (typeof value !== 'string') return null;
      if (condition.fn === 'contains') return value.includes(condition.value);
      return condition.fn === 'startswith' ? value.startsWith(condition.value) : value.endsWith(condition.value);
    }
    case 'in': {
      if (value === null) return null;
      const found = condition.values.some((literal) => sameValue(value, literal));
      return condition.negated ? !found : found;
    }
    case 'contain-values': {
      const selected = new Set(Array.isArray(value) ? value : []);
      const any = condition.values.some((v) => selected.has(v));
      return condition.negated ? !any : any;
    }
    case 'date-range': {
      if (typeof value !== 'number') return null;
      const { start, end } = dateRange(condition.fn, condition.days, condition.valueKind, nowMs);
      return value >= start && value < end;
    }
  }
}

function evaluate(filter: CompiledODataFilter, fields: Record<string, unknown>, nowMs: number): Truth {
  switch (filter.kind) {
    case 'not': {
      const inner = evaluate(filter.operand, fields, nowMs);
      return inner === null ? null : !inner;
    }
    case 'and': {
      let result: Truth = true;
      for (const operand of filter.operands) {
        const truth = evaluate(operand, fields, nowMs);
        if (truth === false) return false;
        if (truth === null) result = null;
      }
      return result;
    }
    case 'or': {
      let result: Truth = false;
      for (const operand of filter.operands) {
        const truth = evaluate(operand, fields, nowMs);
        if (truth === true) return true;
        if (truth === null) result = null;
      }
      return result;
    }
    default: return testCondition(filter, fields, nowMs);
  }
}

/** Whether a local record (its `fields`, as the Dynamics connector stores them) passes the filter at `now`. */
export function matchesODataFilter(filter: CompiledODataFilter, fields: Record<string, unknown>, now: Date): boolean {
  return evaluate(filter, fields ?? {}, now.getTime()) === true;
}
