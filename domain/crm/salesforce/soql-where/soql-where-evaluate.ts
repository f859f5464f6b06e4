/**
 * Evaluates a compiled WHERE clause on one local CRM record, with SOQL's semantics:
 * - text compares case-insensitively (`=`, `<`, IN, LIKE, the last without regular expressions:
 *   soql-where-like.ts); ids by their 15-character prefix;
 * - an empty or missing value is null. A comparison with null is false, except `= null`, and the
 *   negative operators `!=`, NOT IN and EXCLUDES, which are true for null (SOQL returns records
 *   whose field is null for `Industry != 'Banking'`, unlike SQL);
 * - a checkbox is never null in Salesforce: a missing boolean reads as FALSE, so `= null` means
 *   `= FALSE` and `!= null` means `= TRUE`, as the SOQL reference says;
 * - NOT is plain negation (two-valued logic): NOT (Industry = 'x') is true when Industry is null;
 * - date literals cover half-open UTC ranges (soql-where-dates.ts): `=` is inside, `<` before the
 *   start, `<=` before the end, `>` at or after the end, `>=` at or after the start.
 */
import { dateLiteralRange, readStoredDate, readStoredDateTime, type DayRange } from './soql-where-dates';
import { compileLikePattern, matchesLike, type LikePattern } from './soql-where-like';
import type { CompiledWhere, DateLiteralValue, ValueKind, WhereCondition, WhereValue } from './soql-where-types';

type Scalar = string | number | boolean;
type FieldValue = Scalar | string[] | null;

const likeCache = new Map<string, LikePattern>();

function likePattern(source: string): LikePattern {
  let pattern = likeCache.get(source);
  if (!pattern) {
    if (likeCache.size > 500) likeCache.clear();
    pattern = compileLikePattern(source);
    likeCache.set(source, pattern);
  }
  return pattern;
}

function readText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw === '' ? null : raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return null;
}

/** The record's value in the form the compiled literals of its kind have. */
function readValue(kind: ValueKind, raw: unknown): FieldValue {
  switch (kind) {
    case 'text': return readText(raw)?.toLowerCase() ?? null;
    case 'id': return readText(raw)?.slice(0, 15) ?? null;
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string') return raw.toLowerCase() === 'true' || raw === '1';
      return raw === 1;
    case 'date': return readStoredDate(raw);
    case 'datetime': return readStoredDateTime(raw);
    case 'multipicklist': {
      const text = Array.isArray(raw) ? raw.join(';') : readText(raw);
      if (text === null) return null;
      const values = [...new Set(text.split(';').map((v) => v.trim().toLowerCase()).filter(Boolean))].sort();
      return values.length ? values : null;
    }
  }
}

function isDateLiteral(value: WhereValue): value is DateLiteralValue {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

interface Context {
  nowMs: number;
  ranges: Map<string, DayRange>;
}

function rangeOf(ctx: Context, literal: DateLiteralValue): DayRange {
  const key = `${literal.dateLiteral}:${literal.n ?? ''}`;
  let range = ctx.ranges.get(key);
  if (!range) {
    range = dateLiteralRange(literal, ctx.nowMs);
    ctx.ranges.set(key, range);
  }
  return range;
}

function equals(ctx: Context, value: Scalar | string[], literal: WhereValue): boolean {
  if (literal === null) return false;
  if (isDateLiteral(literal)) {
    const range = rangeOf(ctx, literal);
    return (value as number) >= range.start && (value as number) < range.end;
  }
  if (Array.isArray(literal)) return Array.isArray(value) && value.length === literal.length && value.every((v, i) => v === literal[i]);
  return value === literal;
}

function ordered(ctx: Context, operator: string, value: Scalar, literal: WhereValue): boolean {
  if (literal === null) return false;
  if (isDateLiteral(literal)) {
    const { start, end } = rangeOf(ctx, literal);
    const v = value as number;
    switch (operator) {
      case '<': return v < start;
      case '<=': return v < end;
      case '>': return v >= end;
      default: return v >= start;
    }
  }
  const l = literal as Scalar;
  switch (operator) {
    case '<': return value < l;
    case '<=': return value <= l;
    case '>': return value > l;
    default: return value >= l;
  }
}

function includesAny(value: FieldValue, groups: WhereValue[]): boolean {
  if (!Array.isArray(value)) return false;
  const selected = new Set(value);
  return groups.some((group) => Array.isArray(group) && group.every((v) => selected.has(v)));
}

function testCondition(ctx: Context, condition: WhereCondition, fields: Record<string, unknown>): boolean {
  const raw = fields[condition.field];
  const value = readValue(condition.valueKind, raw);
  const [literal] = condition.values;
  switch (condition.operator) {
    case '=': return value === null ? literal === null : equals(ctx, value, literal);
    case '!=': return value === null ? literal !== null : !equals(ctx, value, literal);
    case 'IN':
    case 'NOT IN': {
      const inList = value === null ? condition.values.includes(null) : condition.values.some((l) => equals(ctx, value, l));
      return condition.operator === 'IN' ? inList : !inList;
    }
    case 'LIKE': {
      const text = readText(raw);
      return text !== null && matchesLike(likePattern(literal as string), text);
    }
    case 'INCLUDES': return includesAny(value, condition.values);
    case 'EXCLUDES': return !includesAny(value, condition.values);
    default: return value !== null && !Array.isArray(value) && ordered(ctx, condition.operator, value, literal);
  }
}

function evaluate(ctx: Context, clause: CompiledWhere, fields: Record<string, unknown>): boolean {
  switch (clause.kind) {
    case 'condition': return testCondition(ctx, clause, fields);
    case 'not': return !evaluate(ctx, clause.operand, fields);
    case 'and': return clause.operands.every((operand) => evaluate(ctx, operand, fields));
    case 'or': return clause.operands.some((operand) => evaluate(ctx, operand, fields));
  }
}

/** Whether a local record (its `fields`, values as Salesforce returned them) satisfies the clause at `now`. */
export function matchesWhere(clause: CompiledWhere, fields: Record<string, unknown>, now: Date): boolean {
  return evaluate({ nowMs: now.getTime(), ranges: new Map() }, clause, fields ?? {});
}
