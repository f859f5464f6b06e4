import {
  parseQuery, type FieldFunctionExpression, type FieldType as SelectField, type OrderByClause, type Query,
} from '@jetstreamapp/soql-parser-js';
import { SfApiError } from '../errors';
import { findObject, type FieldDef, type FieldValue, type ObjectDef, type SfRecord } from '../schema';
import type { OrgStore } from '../store';
import { readPath, resolvePath, type FieldPath } from './fields';
import { Projection, type OutputRecord } from './projection';
import { compileWhere, type Predicate } from './where';

export interface QueryOptions {
  /** queryAll: include recycle-bin rows. */
  includeDeleted: boolean;
}

/** A fully evaluated query; rows are kept as store references and rendered page by page. */
export interface QueryResultSet {
  object: string;
  totalSize: number;
  rows: unknown[];
  render(row: unknown): OutputRecord;
  /** The selected fields in SELECT order (rows are SfRecords then); absent for COUNT() and aggregates. */
  paths?: FieldPath[];
}

const MAX_OFFSET = 2000;
const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (err) {
    const detail = String((err as Error).message ?? err).split('\n')[0];
    throw new SfApiError(400, 'MALFORMED_QUERY', `\n${soql}\n^\nERROR at Row:1:Column:1\n${detail}`);
  }
}

function unsupported(what: string): SfApiError {
  return new SfApiError(400, 'MALFORMED_QUERY', `${what} is not supported by the crm-sync Salesforce emulator`);
}

function resolveObject(query: Query): ObjectDef {
  const object = query.sObject ? findObject(query.sObject) : undefined;
  if (!object) {
    throw new SfApiError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return object;
}

function expandFieldsFunction(object: ObjectDef, fn: FieldFunctionExpression, query: Query): FieldPath[] {
  const which = String(fn.parameters[0] ?? '').toUpperCase();
  if (which === 'ALL' && (query.limit === undefined || query.limit > 200)) {
    throw new SfApiError(400, 'MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200');
  }
  const keep = (f: FieldDef) => which === 'ALL' || (which === 'CUSTOM' ? f.custom : !f.custom);
  return object.fields.filter(keep).map((field) => ({ steps: [], field, names: [field.name] }));
}

function selectPath(select: SelectField): string {
  if (select.type === 'Field') return select.field;
  if (select.type === 'FieldRelationship') return [...select.relationships, select.field].join('.');
  throw unsupported(select.type === 'FieldSubquery' ? 'A child-relationship subquery' : `${select.type} in SELECT`);
}

function runAggregates(ctx: Context, selects: FieldFunctionExpression[], rows: SfRecord[]): QueryResultSet {
  const out: OutputRecord = { attributes: { type: 'AggregateResult' } };
  let expr = 0;
  for (const fn of selects) {
    const name = fn.functionName.toUpperCase();
    const path = resolvePath(ctx.object, String(fn.parameters[0]), ctx.alias);
    const values = rows.map((r) => readPath(ctx.store, r, path, ctx.nowMs)).filter((v): v is Exclude<FieldValue, null> => v !== null);
    const numbers = values.map(Number);
    let value: FieldValue;
    if (name === 'COUNT') value = values.length;
    else if (name === 'COUNT_DISTINCT') value = new Set(values.map((v) => String(v).toLowerCase())).size;
    else if (name === 'SUM') value = values.length ? numbers.reduce((a, b) => a + b, 0) : null;
    else if (name === 'AVG') value = values.length ? numbers.reduce((a, b) => a + b, 0) / values.length : null;
    else value = values.length ? values.reduce((a, b) => ((name === 'MIN' ? a < b : a > b) ? a : b)) : null;
    out[fn.alias ?? `expr${expr++}`] = value;
  }
  return { object: 'AggregateResult', totalSize: 1, rows: [out], render: (row) => row as OutputRecord };
}

interface Context {
  store: OrgStore;
  object: ObjectDef;
  alias?: string;
  nowMs: number;
}

function sortRows(ctx: Context, rows: SfRecord[], orderBy: OrderByClause | OrderByClause[] | undefined): SfRecord[] {
  const clauses = orderBy ? (Array.isArray(orderBy) ? orderBy : [orderBy]) : [];
  if (!clauses.length) return rows;
  const specs = clauses.map((clause) => {
    if (!('field' in clause)) throw unsupported('ORDER BY a function');
    const path = resolvePath(ctx.object, clause.field, ctx.alias);
    const descending = clause.order === 'DESC';
    const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !descending;
    const caseSensitive = path.field.type === 'id' || path.field.type === 'reference';
    return { path, descending, nullsFirst, caseSensitive };
  });
  const keyed = rows.map((record) => ({
    record,
    keys: specs.map((s) => {
      const v = readPath(ctx.store, record, s.path, ctx.nowMs);
      return typeof v === 'string' && !s.caseSensitive ? v.toLowerCase() : v;
    }),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const [x, y] = [a.keys[i], b.keys[i]];
      if (x === y) continue;
      if (x === null) return specs[i].nullsFirst ? -1 : 1;
      if (y === null) return specs[i].nullsFirst ? 1 : -1;
      const cmp = x < y ? -1 : 1;
      return specs[i].descending ? -cmp : cmp;
    }
    return 0;
  });
  return keyed.map((k) => k.record);
}

function filterRows(ctx: Context, query: Query, options: QueryOptions): SfRecord[] {
  const predicate: Predicate = compileWhere(
    { ...ctx, semiJoin: (sub) => runSemiJoin(ctx.store, sub, ctx.nowMs) },
    query.where,
  );
  const rows: SfRecord[] = [];
  for (const record of ctx.store.table(ctx.object.name).values()) {
    if ((options.includeDeleted || !record.IsDeleted) && predicate(record)) rows.push(record);
  }
  return rows;
}

/** `Id IN (SELECT ContactId FROM CampaignMember …)`: the subquery's single id column as a set. */
function runSemiJoin(store: OrgStore, query: Query, nowMs: number): Set<string> {
  const object = resolveObject(query);
  const ctx: Context = { store, object, alias: query.sObjectAlias, nowMs };
  const fields = query.fields ?? [];
  if (fields.length !== 1) throw new SfApiError(400, 'MALFORMED_QUERY', 'a semi-join subquery must select exactly one field');
  const path = resolvePath(object, selectPath(fields[0]), ctx.alias);
  if (path.field.type !== 'id' && path.field.type !== 'reference') {
    throw new SfApiError(400, 'MALFORMED_QUERY', 'a semi-join subquery must select an Id or reference field');
  }
  const values = new Set<string>();
  for (const record of filterRows(ctx, query, { includeDeleted: false })) {
    const v = readPath(store, record, path, nowMs);
    if (typeof v === 'string') values.add(v);
  }
  return values;
}

export function executeQuery(store: OrgStore, apiVersion: string, soql: string, options: QueryOptions): QueryResultSet {
  const query = parseSoql(soql);
  const object = resolveObject(query);
  const ctx: Context = { store, object, alias: query.sObjectAlias, nowMs: store.now() };
  if (query.groupBy || query.having) throw unsupported('GROUP BY');
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SfApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  const selects = query.fields ?? [];
  const functions = selects.filter((s): s is FieldFunctionExpression => s.type === 'FieldFunctionExpression');
  const countOnly = functions.some((f) => f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0);
  const aggregates = functions.filter((f) => AGGREGATES.has(f.functionName.toUpperCase()) && f.parameters.length > 0);
  if ((countOnly || aggregates.length) && selects.length !== functions.length) {
    throw new SfApiError(400, 'MALFORMED_QUERY', 'Field must be grouped or aggregated');
  }
  const paths: FieldPath[] = [];
  if (!countOnly && !aggregates.length) {
    for (const select of selects) {
      if (select.type === 'FieldFunctionExpression' && select.functionName.toUpperCase() === 'FIELDS') paths.push(...expandFieldsFunction(object, select, query));
      else if (select.type === 'FieldFunctionExpression') throw unsupported(`${select.functionName}()`);
      else paths.push(resolvePath(object, selectPath(select), ctx.alias));
    }
    const seen = new Set<string>();
    for (const p of paths) {
      const key = p.names.join('.').toLowerCase();
      if (seen.has(key)) throw new SfApiError(400, 'MALFORMED_QUERY', `duplicate field selected: ${p.names.join('.')}`);
      seen.add(key);
    }
  }
  let rows = filterRows(ctx, query, options);
  if (aggregates.length) return runAggregates(ctx, aggregates, rows);
  rows = sortRows(ctx, rows, query.orderBy);
  const start = query.offset ?? 0;
  rows = rows.slice(start, query.limit === undefined ? undefined : start + query.limit);
  if (countOnly) return { object: object.name, totalSize: rows.length, rows: [], render: (row) => row as OutputRecord };
  const projection = new Projection(paths, store, apiVersion);
  return {
    object: object.name,
    totalSize: rows.length,
    rows,
    paths,
    render: (row) => projection.project(row as SfRecord, object, ctx.nowMs),
  };
}
