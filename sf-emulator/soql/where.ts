import type { Condition, Query, ValueQueryCondition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { formatDate, formatDateTime } from '../datetime';
import { SfApiError } from '../errors';
import { normalizeId } from '../ids';
import type { FieldDef, FieldValue, ObjectDef, SfRecord } from '../schema';
import type { OrgStore } from '../store';
import { readPath, resolvePath } from './fields';
import { convertLiteral, stripLikeEscapes, type DayRange, type Literal } from './literals';
import { buildWhereTree, type WhereNode } from './where-tree';

export type Predicate = (record: SfRecord) => boolean;

export interface WhereContext {
  store: OrgStore;
  object: ObjectDef;
  alias?: string;
  nowMs: number;
  /** Runs `Id IN (SELECT …)` subqueries; returns the values of their one selected field. */
  semiJoin: (query: Query) => Set<string>;
}

const TEXT_TYPES = new Set(['id', 'string', 'email', 'phone', 'picklist', 'multipicklist', 'textarea', 'url', 'reference']);
const NUMBER_TYPES = new Set(['double', 'currency', 'int', 'percent']);
const ACCEPTED: Record<string, string[]> = {
  text: ['STRING'],
  number: ['INTEGER', 'DECIMAL', 'INTEGER_WITH_CURRENCY_PREFIX', 'DECIMAL_WITH_CURRENCY_PREFIX'],
  boolean: ['BOOLEAN'],
  date: ['DATE', 'DATE_LITERAL', 'DATE_N_LITERAL'],
  datetime: ['DATETIME', 'DATE_LITERAL', 'DATE_N_LITERAL'],
};

function typeClass(field: FieldDef): string {
  if (TEXT_TYPES.has(field.type)) return 'text';
  if (NUMBER_TYPES.has(field.type)) return 'number';
  return field.type;
}

function invalidFilter(field: FieldDef, klass: string): SfApiError {
  const quoted = klass === 'text' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
  const typeName = klass === 'text' ? 'string' : klass === 'datetime' ? 'dateTime' : klass === 'number' ? 'double' : klass;
  return new SfApiError(400, 'INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${quoted}`);
}

function isRange(value: Literal): value is DayRange {
  return !!value && typeof value === 'object';
}

/** Values compared the way SOQL does: text case-insensitively, ids by their 18-character form. */
function comparable(field: FieldDef, value: FieldValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (field.type === 'id' || field.type === 'reference') return normalizeId(String(value)) ?? String(value);
  if (field.type === 'multipicklist') return String(value).toLowerCase().split(';').sort().join(';');
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function likeMatcher(pattern: string): (v: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) source += `\\${pattern[++i]}`;
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'i');
  return (v) => re.test(v);
}

function compileCondition(ctx: WhereContext, condition: Condition | ValueQueryCondition): Predicate {
  if (!('field' in condition)) throw new SfApiError(400, 'MALFORMED_QUERY', 'functions in WHERE are not supported by the emulator');
  const path = resolvePath(ctx.object, condition.field, ctx.alias);
  const { field } = path;
  const read = (record: SfRecord) => comparable(field, readPath(ctx.store, record, path, ctx.nowMs));
  const operator = condition.operator.toUpperCase();

  if ('valueQuery' in condition && condition.valueQuery) {
    const values = ctx.semiJoin(condition.valueQuery);
    const inSet = (r: SfRecord) => {
      const v = read(r);
      return v !== null && values.has(String(v));
    };
    if (operator === 'IN') return inSet;
    if (operator === 'NOT IN') return (r) => !inSet(r);
    throw new SfApiError(400, 'MALFORMED_QUERY', 'a semi-join subquery needs IN or NOT IN');
  }

  const c = condition as Condition & { value: string | string[]; literalType?: string | string[]; dateLiteralVariable?: number | number[] };
  const raws = Array.isArray(c.value) ? c.value : [c.value];
  const types = Array.isArray(c.literalType) ? c.literalType : raws.map(() => c.literalType as string);
  const ns = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : raws.map(() => c.dateLiteralVariable as number | undefined);
  const klass = typeClass(field);
  const literals = raws.map((raw, i) => {
    const literalType = types[i] ?? 'STRING';
    if (literalType !== 'NULL' && !(ACCEPTED[klass] ?? []).includes(literalType)) throw invalidFilter(field, klass);
    const converted = convertLiteral(raw, literalType, ns[i], ctx.nowMs);
    const literal = typeof converted === 'string' && literalType === 'STRING' && operator !== 'LIKE' ? stripLikeEscapes(converted) : converted;
    if (typeof literal === 'string' && (field.type === 'id' || field.type === 'reference') && operator !== 'LIKE') {
      const id = normalizeId(literal);
      if (!id) throw new SfApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal}`);
      return id;
    }
    return isRange(literal) ? literal : comparable(field, literal as FieldValue);
  });

  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    if (field.type !== 'multipicklist') {
      throw new SfApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', 'includes or excludes operator only valid on multipicklist field');
    }
    const wanted = literals.map((l) => String(l).split(';'));
    const includes = (r: SfRecord) => {
      const v = read(r);
      if (v === null) return false;
      const have = new Set(String(v).split(';'));
      return wanted.some((all) => all.every((w) => have.has(w)));
    };
    return operator === 'INCLUDES' ? includes : (r) => !includes(r);
  }
  if (operator === 'IN' || operator === 'NOT IN') {
    const set = new Set(literals.map((l) => (isRange(l) ? JSON.stringify(l) : l)));
    const hasNull = set.has(null);
    const inList = (r: SfRecord) => {
      const v = read(r);
      return v === null ? hasNull : set.has(v);
    };
    return operator === 'IN' ? inList : (r) => !inList(r);
  }
  const literal = literals[0];
  if (operator === 'LIKE') {
    if (klass !== 'text') throw new SfApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${field.type} field: LIKE`);
    const matches = likeMatcher(String(literal ?? ''));
    return (r) => {
      const v = read(r);
      return v !== null && matches(String(v));
    };
  }
  if (isRange(literal)) {
    const toText = field.type === 'date' ? formatDate : formatDateTime;
    const [start, end] = [toText(literal.startMs), toText(literal.endMs)];
    const inRange = (v: string) => v >= start && v < end;
    const tests: Record<string, (v: string) => boolean> = {
      '=': inRange, '!=': (v) => !inRange(v), '<': (v) => v < start, '<=': (v) => v < end, '>': (v) => v >= end, '>=': (v) => v >= start,
    };
    const test = tests[operator];
    return (r) => {
      const v = read(r);
      return v === null ? operator === '!=' : test(String(v));
    };
  }
  if (operator === '=') return literal === null ? (r) => read(r) === null : (r) => read(r) === literal;
  if (operator === '!=') return literal === null ? (r) => read(r) !== null : (r) => read(r) !== literal;
  if (literal === null) return () => false;
  const order: Record<string, (a: string | number | boolean, b: string | number | boolean) => boolean> = {
    '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
  };
  const compare = order[operator];
  if (!compare) throw new SfApiError(400, 'MALFORMED_QUERY', `unsupported operator ${operator}`);
  return (r) => {
    const v = read(r);
    return v !== null && compare(v, literal as string | number | boolean);
  };
}

function compileNode(ctx: WhereContext, node: WhereNode): Predicate {
  switch (node.kind) {
    case 'condition': return compileCondition(ctx, node.condition);
    case 'not': {
      const operand = compileNode(ctx, node.operand);
      return (r) => !operand(r);
    }
    case 'and': {
      const [a, b] = [compileNode(ctx, node.left), compileNode(ctx, node.right)];
      return (r) => a(r) && b(r);
    }
    case 'or': {
      const [a, b] = [compileNode(ctx, node.left), compileNode(ctx, node.right)];
      return (r) => a(r) || b(r);
    }
  }
}

export function compileWhere(ctx: WhereContext, where: WhereClause | undefined): Predicate {
  return where ? compileNode(ctx, buildWhereTree(where)) : () => true;
}
