import type { EmulatorContext } from '../context';
import { API_PATH } from '../context';
import { DataverseError, ErrorCodes, recordNotFound } from '../errors';
import { parseFetchXml } from '../org/dynamic-lists';
import type { FilterNode } from '../odata/filter-ast';
import { checkFilter, matchesFilter } from '../odata/filter-eval';
import { parseFilter } from '../odata/filter-parser';
import { comparable, resolveProperty } from '../odata/properties';
import { ODataQueryError } from '../odata/query-error';
import type { Row, TableDef } from '../schema/types';
import { jsonResponse, parsePrefer, type ApiRequest, type ApiResponse } from './api-request';
import { decodeDeltaToken, decodeSkipToken, encodeDeltaToken, encodeSkipToken, linkQuery } from './paging';
import { firstAfter } from './result-cache';
import { contextUrl, etagOf, parseOrderBy, selectedColumns, toWire } from './serialize';

const UNSUPPORTED_OPTIONS = ['$skip', '$expand', '$apply', '$search', '$compute', '$levels'];
/** Dataverse counts at most 5000 rows in @odata.count and /$count. */
const COUNT_LIMIT = 5000;

function refuseUnsupported(query: Record<string, string>): void {
  for (const option of UNSUPPORTED_OPTIONS) if (option in query) throw new ODataQueryError(`The query parameter ${option} is not supported`);
}

function filterProperties(node: FilterNode | undefined): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'and': case 'or': return [...filterProperties(node.left), ...filterProperties(node.right)];
    case 'not': return filterProperties(node.expr);
    default: return [node.property];
  }
}

function usesCalculated(table: TableDef, filter: FilterNode | undefined, orderBy: string[]): boolean {
  return [...filterProperties(filter), ...orderBy].some((name) => resolveProperty(table, name).sourceType === 1);
}

function filterOf(table: TableDef, query: Record<string, string>): FilterNode | undefined {
  let filter = query.$filter ? parseFilter(query.$filter) : undefined;
  if (filter) checkFilter(table, filter);
  if (query.fetchXml) {
    const fetch = parseFetchXml(query.fetchXml);
    if (fetch.table !== table) throw new ODataQueryError(`The FetchXML entity '${fetch.table.logicalName}' does not match the entity set '${table.entitySetName}'.`);
    if (fetch.filter) filter = filter ? { kind: 'and', left: filter, right: fetch.filter } : fetch.filter;
  }
  return filter;
}

/** GET on an entity set (or a list's member navigation): filter, order by keyset, page, and offer a delta link when tracking. */
export function retrieveMultiple(ctx: EmulatorContext, req: ApiRequest, table: TableDef, onlyIds?: Set<string>): ApiResponse {
  const { query } = req;
  refuseUnsupported(query);
  if (query.$deltatoken !== undefined) return retrieveChanges(ctx, req, table);
  const prefs = parsePrefer(req.headers.prefer);
  const columns = selectedColumns(table, query.$select);
  const filter = filterOf(table, query);
  const orderBy = parseOrderBy(table, query.$orderby);
  const top = query.$top !== undefined ? Number(query.$top) : undefined;
  if (top !== undefined && !(Number.isInteger(top) && top >= 0)) throw new ODataQueryError(`Invalid value for $top: '${query.$top}'.`);
  const cursor = query.$skiptoken ? decodeSkipToken(query.$skiptoken) : undefined;
  // Tables without change tracking ignore the preference, as OData allows: no deltaLink, and Preference-Applied says so.
  // A nextLink of a tracked read stays tracked whether or not the caller repeats the preference.
  const tracking = (prefs.trackChanges || cursor?.deltaVersion !== undefined) && ctx.store.isChangeTracked(table.logicalName) && !onlyIds;
  if (tracking && (filter || orderBy.length || top !== undefined)) throw new ODataQueryError('The query options $filter, $orderby and $top are not supported with change tracking (Prefer: odata.track-changes).');

  const pageSize = Math.min(prefs.maxPageSize ?? cursor?.size ?? ctx.settings.maxPageSize, ctx.settings.maxPageSize);
  const idColumn = table.columns.find((c) => c.logicalName === table.primaryId)!;
  const keys = [...orderBy, { column: idColumn, desc: false }];
  // Keys are lower-cased once, so sorting compares without regard to case without lower-casing per comparison.
  const keyOf = (row: Row) => keys.map((k) => {
    const value = comparable(row, k.column);
    return typeof value === 'string' ? value.toLowerCase() : value;
  });
  const order = (a: Array<string | number | boolean | null>, b: Array<string | number | boolean | null>) => {
    for (let i = 0; i < keys.length; i++) {
      const [x, y] = [a[i], b[i]];
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      if (c) return keys[i].desc ? -c : c;
    }
    return 0;
  };
  const deltaVersion = cursor?.deltaVersion ?? (tracking ? ctx.store.currentVersion : undefined);
  const cacheKey = onlyIds ? undefined : JSON.stringify([table.logicalName, query.$filter, query.fetchXml, query.$orderby]);
  // Calculated columns change with the clock: only a query that filters or sorts on one needs them computed for every row.
  const calculated = usesCalculated(table, filter, orderBy.map((o) => o.column.logicalName));
  const stamp = calculated ? `${ctx.store.currentVersion}@${ctx.store.now()}` : String(ctx.store.currentVersion);
  const matching = (cacheKey && ctx.results.get(cacheKey, stamp)) || (calculated ? ctx.store.list(table.logicalName) : ctx.store.scan(table.logicalName))
    .filter((row) => (!onlyIds || onlyIds.has(row[table.primaryId] as string)) && (!filter || matchesFilter(table, filter, row)))
    .map((row) => ({ row, key: keyOf(row) }))
    .sort((a, b) => order(a.key, b.key));
  if (cacheKey) ctx.results.set(cacheKey, stamp, matching);
  const remaining = cursor ? matching.slice(firstAfter(matching, cursor.after, order)) : matching;
  const page = top !== undefined ? remaining.slice(0, Math.min(top, ctx.settings.maxPageSize)) : remaining.slice(0, pageSize);
  const more = top === undefined && remaining.length > page.length;

  const body: Record<string, unknown> = { '@odata.context': contextUrl(req.baseUrl, table, query.$select, tracking ? '/$delta' : '') };
  if (query.$count === 'true') {
    body['@odata.count'] = Math.min(matching.length, COUNT_LIMIT);
    body['@Microsoft.Dynamics.CRM.totalrecordcount'] = -1;
    body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = matching.length > COUNT_LIMIT;
  }
  body.value = page.map((m) => toWire(ctx.store, table, ctx.store.withCalculated(table, m.row), columns, prefs.includeAnnotations));
  const resource = `${req.baseUrl}${API_PATH}/${req.path}`;
  if (more) {
    const token = encodeSkipToken({ after: page[page.length - 1].key, size: pageSize, deltaVersion });
    body['@odata.nextLink'] = `${resource}${linkQuery(query, ['$skiptoken'], { $skiptoken: token })}`;
  } else if (tracking) {
    body['@odata.deltaLink'] = `${resource}${linkQuery(query, ['$skiptoken'], { $deltatoken: encodeDeltaToken(deltaVersion as number, ctx.store.now()) })}`;
  }
  return jsonResponse(200, body, preferenceApplied(prefs, tracking));
}

function preferenceApplied(prefs: ReturnType<typeof parsePrefer>, tracking: boolean): Record<string, string> {
  const applied = [
    ...(prefs.maxPageSize ? [`odata.maxpagesize=${prefs.maxPageSize}`] : []),
    ...(tracking ? ['odata.track-changes'] : []),
    ...(prefs.includeAnnotations ? [`odata.include-annotations="${prefs.includeAnnotations}"`] : []),
  ];
  return applied.length ? { 'Preference-Applied': applied.join(',') } : {};
}

/** Following a deltaLink: rows written since the token, then the rows removed since, then the next deltaLink. */
function retrieveChanges(ctx: EmulatorContext, req: ApiRequest, table: TableDef): ApiResponse {
  const { store } = ctx;
  const version = decodeDeltaToken(req.query.$deltatoken);
  if (!store.isChangeTracked(table.logicalName)) throw new DataverseError(400, ErrorCodes.InvalidArgument, `Entity '${table.logicalName}' is not enabled for change tracking.`);
  if (version === undefined) throw new DataverseError(400, ErrorCodes.InvalidArgument, `The delta token '${req.query.$deltatoken}' is not valid.`);
  if (store.deltaTokenExpired(table.logicalName, version)) {
    throw new DataverseError(400, ErrorCodes.ExpiredVersionStamp, 'Version stamp associated with the client has expired. Please perform a full sync.');
  }
  const prefs = parsePrefer(req.headers.prefer);
  const columns = selectedColumns(table, req.query.$select);
  const now = store.currentVersion;
  const removedContext = `${req.baseUrl}${API_PATH}/$metadata#${table.entitySetName}/$deletedEntity`;
  const value = [
    ...store.changedSince(table.logicalName, version).map((row) => toWire(store, table, row, columns, prefs.includeAnnotations)),
    ...store.removalsSince(table.logicalName, version).map((r) => ({ '@odata.context': removedContext, id: r.id, reason: 'deleted' })),
  ];
  const resource = `${req.baseUrl}${API_PATH}/${req.path}`;
  return jsonResponse(200, {
    '@odata.context': contextUrl(req.baseUrl, table, req.query.$select, '/$delta'),
    value,
    '@odata.deltaLink': `${resource}${linkQuery(req.query, ['$deltatoken', '$skiptoken'], { $deltatoken: encodeDeltaToken(now, store.now()) })}`,
  }, preferenceApplied(prefs, true));
}

/** GET one row by id. */
export function retrieve(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string): ApiResponse {
  refuseUnsupported(req.query);
  const row = ctx.store.get(table.logicalName, id);
  if (!row) throw recordNotFound(table.logicalName, id);
  const prefs = parsePrefer(req.headers.prefer);
  const body = { '@odata.context': contextUrl(req.baseUrl, table, req.query.$select, '/$entity'), ...toWire(ctx.store, table, row, selectedColumns(table, req.query.$select), prefs.includeAnnotations) };
  return jsonResponse(200, body, { ETag: etagOf(row), ...preferenceApplied(prefs, false) });
}

/** `GET contacts/$count`: a plain number, capped like Dataverse's. */
export function countRows(ctx: EmulatorContext, table: TableDef): ApiResponse {
  return { status: 200, headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: String(Math.min(ctx.store.count(table.logicalName), COUNT_LIMIT)) };
}
