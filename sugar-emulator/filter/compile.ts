import { sugarErrors } from '../errors';
import { fieldOf, moduleOf } from '../schema/modules';
import { linkOf } from '../schema/relationships';
import type { FieldDef, FieldValue, ModuleDef, Row } from '../schema/types';
import { dateRange } from './date-range';
import { before, comparable, operand, type Comparable } from './field-values';

type Predicate = (row: Row) => boolean;

/** What a filter needs beyond the rows: composed values (relate names), related records, the caller and the clock. */
export interface FilterContext {
  module: ModuleDef;
  read(module: ModuleDef, row: Row, field: FieldDef): FieldValue;
  related(module: ModuleDef, row: Row, link: string): Row[];
  userId: string;
  now: number;
}

const invalid = (message: string) => sugarErrors.invalidParameter(message);

const like = (pattern: (v: string) => boolean) => (value: Comparable) => typeof value === 'string' && pattern(value);

/** One operator on one field's comparable value, as FilterApi::addFieldFilter maps it to SQL. */
function fieldTest(def: FieldDef, op: string, raw: unknown, now: number): (value: Comparable, whole: FieldValue) => boolean {
  const one = () => operand(def, raw);
  const list = () => {
    if (!Array.isArray(raw)) throw invalid(`${op} requires an array`);
    return raw.map((v) => operand(def, v));
  };
  const text = () => String(raw ?? '').toLowerCase();
  const anyOf = (whole: FieldValue) => {
    const wanted = (Array.isArray(raw) ? raw : [raw]).map(String);
    return Array.isArray(whole) && whole.some((v) => wanted.includes(v));
  };
  switch (op) {
    case '$equals': {
      const target = one();
      if (def.type === 'datetime' && typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw)) {
        const end = operand(def, raw, true) as number;
        return (v) => typeof v === 'number' && v >= (target as number) && v <= end;
      }
      if (def.type === 'multienum') return (_v, whole) => Array.isArray(whole) && whole.length === 1 && whole[0] === String(raw);
      return (v) => v !== null && v === target;
    }
    case '$not_equals': {
      const target = one();
      return (v) => v !== null && v !== target;
    }
    case '$starts': return like((v) => v.startsWith(text()));
    case '$ends': return like((v) => v.endsWith(text()));
    case '$contains': return def.type === 'multienum' ? (_v, whole) => anyOf(whole) : like((v) => v.includes(text()));
    case '$not_contains': return def.type === 'multienum' ? (_v, whole) => !anyOf(whole) : (v) => v !== null && !String(v).includes(text());
    case '$in': {
      const values = list();
      return (v) => v !== null && values.includes(v);
    }
    case '$not_in': {
      const values = list();
      return (v) => v !== null && !values.includes(v);
    }
    case '$between': case '$dateBetween': {
      if (!Array.isArray(raw) || raw.length !== 2) throw invalid('$between requires an array with two values.');
      const [low, high] = [operand(def, raw[0]), operand(def, raw[1], true)];
      return (v) => v !== null && low !== null && high !== null && !before(v, low) && !before(high, v);
    }
    case '$is_null': return (v) => v === null;
    case '$not_null': return (v) => v !== null;
    case '$empty': return (v, whole) => v === null || (Array.isArray(whole) && whole.length === 0);
    case '$not_empty': return (v, whole) => v !== null && !(Array.isArray(whole) && whole.length === 0);
    case '$lt': { const t = one(); return (v) => v !== null && t !== null && before(v, t); }
    case '$lte': { const t = operand(def, raw, true); return (v) => v !== null && t !== null && !before(t, v); }
    case '$gt': { const t = operand(def, raw, true); return (v) => v !== null && t !== null && before(t, v); }
    case '$gte': { const t = one(); return (v) => v !== null && t !== null && !before(v, t); }
    case '$dateRange': {
      const [from, to] = dateRange(raw, now);
      const inRange = (ms: number) => ms >= from && ms < to;
      return (v) => v !== null && inRange(typeof v === 'number' ? v : Date.parse(`${String(v)}T00:00:00Z`));
    }
    default:
      throw invalid(`Did not recognize the operand: ${op}`);
  }
}

/** `name`, or `link.remote_field` (any related record matching, as the LEFT JOIN Sugar adds for it). */
function fieldFilter(ctx: FilterContext, module: ModuleDef, field: string, filter: unknown): Predicate {
  const dot = field.indexOf('.');
  if (dot > 0) {
    const link = linkOf(module.name, field.slice(0, dot));
    if (!link) throw invalid(`Invalid link ${field.slice(0, dot)} for field ${field.slice(dot + 1)}`);
    const inner = fieldFilter(ctx, moduleOf(link.relatedModule), field.slice(dot + 1), filter);
    return (row) => ctx.related(module, row, link.name).some(inner);
  }
  const def = fieldOf(module, field);
  if (!def || def.type === 'link') throw invalid(`Unknown field ${field}`);
  const ops = typeof filter === 'object' && filter !== null && !Array.isArray(filter) ? Object.entries(filter) : [['$equals', filter] as [string, unknown]];
  const tests = ops.map(([op, raw]) => fieldTest(def, op, raw, ctx.now));
  return (row) => {
    const whole = ctx.read(module, row, def);
    const value = comparable(def, whole);
    return tests.every((test) => test(value, whole));
  };
}

function filterPart(ctx: FilterContext, key: string, value: unknown): Predicate {
  if (key === '$and') return compileFilter(ctx, value);
  if (key === '$or') {
    const parts = definitions(value).map((def) => compileFilter(ctx, [def]));
    return (row) => parts.some((p) => p(row));
  }
  if (key === '$owner') return (row) => row.assigned_user_id === ctx.userId;
  if (key === '$creator') return (row) => row.created_by === ctx.userId;
  if (key.startsWith('$')) throw invalid(`The filter macro ${key} is not emulated`);
  return fieldFilter(ctx, ctx.module, key, value);
}

function definitions(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw invalid(`Unexpected filter type ${typeof value}.`);
  for (const def of value) if (typeof def !== 'object' || def === null || Array.isArray(def)) throw invalid(`Did not recognize the definition: ${JSON.stringify(def)}`);
  return value as Record<string, unknown>[];
}

/**
 * A filter definition (an array of objects, every part ANDed) as a predicate: field operators
 * ($equals, $not_equals, $starts, $ends, $contains, $not_contains, $in, $not_in, $between, $dateBetween,
 * $is_null, $not_null, $empty, $not_empty, $lt, $lte, $gt, $gte, $dateRange), $and, $or, $owner and $creator.
 */
export function compileFilter(ctx: FilterContext, filter: unknown): Predicate {
  const parts = definitions(filter).flatMap((def) => Object.entries(def).map(([key, value]) => filterPart(ctx, key, value)));
  return (row) => parts.every((p) => p(row));
}
