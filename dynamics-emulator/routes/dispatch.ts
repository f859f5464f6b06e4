import type { EmulatorContext } from '../context';
import { DataverseError, ErrorCodes, resourceNotFound } from '../errors';
import { ODataQueryError } from '../odata/query-error';
import { tableByEntitySet } from '../schema/tables';
import type { TableDef } from '../schema/types';
import { isLookup } from '../store';
import { jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { metadata } from './metadata';
import { countRows, retrieve, retrieveMultiple } from './read';
import { create, deleteRow, patch } from './write';

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
/** The N:N relationships a marketing list exposes its static members through. */
const LIST_MEMBER_NAVIGATION: Record<string, string> = { listcontact_association: 'contact', listlead_association: 'lead', listaccount_association: 'account' };

interface Target {
  table?: TableDef;
  id?: string;
  rest: string[];
  endpoint: string;
}

/** `contacts(guid)/…` → table, id and what follows; the endpoint name is what stats count it under. */
export function resolveTarget(method: string, path: string): Target {
  const [first, ...rest] = path.split('/').filter(Boolean);
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(first ?? '');
  if (!match) return { rest, endpoint: first ?? '' };
  const table = tableByEntitySet(match[1]);
  if (!table) return { rest, endpoint: match[1] };
  const key = match[2];
  const id = key === undefined ? undefined : GUID.exec(key)?.[1].toLowerCase();
  if (key !== undefined && !id) throw new DataverseError(400, ErrorCodes.QueryError, `Alternate keys are not supported by this emulator: '${first}'.`);
  const verb = id
    ? rest.length ? 'navigation' : { GET: 'retrieve', PATCH: 'update', PUT: 'update', DELETE: 'delete' }[method] ?? method
    : rest[0] === '$count' ? 'count' : method === 'POST' ? 'create' : 'retrieveMultiple';
  return { table, id, rest, endpoint: `${table.entitySetName}.${verb}` };
}

/** Stats name: a PATCH without If-Match is counted as the upsert it is. */
export function endpointOf(req: Pick<ApiRequest, 'method' | 'path' | 'headers' | 'query'>): string {
  try {
    const target = resolveTarget(req.method, req.path);
    if (target.endpoint.endsWith('.update') && req.headers['if-match'] === undefined) return target.endpoint.replace(/\.update$/, '.upsert');
    if (target.endpoint.endsWith('.retrieveMultiple') && req.query.$deltatoken !== undefined) return target.endpoint.replace(/retrieveMultiple$/, 'delta');
    return target.endpoint.startsWith('EntityDefinitions') ? 'metadata' : target.endpoint;
  } catch {
    return 'invalid';
  }
}

export function errorResponse(err: unknown): ApiResponse {
  if (err instanceof DataverseError) return err.status === 401 ? { status: 401, headers: err.headers } : jsonResponse(err.status, err.toBody(), err.headers);
  if (err instanceof ODataQueryError) return jsonResponse(400, { error: { code: err.code, message: err.message } });
  return jsonResponse(500, { error: { code: ErrorCodes.UnexpectedError, message: `An unexpected error occurred: ${(err as Error).message}` } });
}

function route(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  if (/^WhoAmI(\(\))?$/.test(req.path) && req.method === 'GET') {
    return jsonResponse(200, { '@odata.context': `${req.baseUrl}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: ctx.store.businessUnitId, UserId: req.userId, OrganizationId: ctx.store.organizationId });
  }
  if (req.path.startsWith('EntityDefinitions')) {
    if (req.method !== 'GET') throw new DataverseError(405, ErrorCodes.QueryError, 'This emulator serves table definitions read-only.');
    return metadata(ctx, req);
  }
  const target = resolveTarget(req.method, req.path);
  const { table, id, rest } = target;
  if (!table) throw resourceNotFound(target.endpoint);
  if (!id) {
    if (rest[0] === '$count' && rest.length === 1 && req.method === 'GET') return countRows(ctx, table);
    if (rest.length) throw resourceNotFound(rest[0]);
    if (req.method === 'GET') return retrieveMultiple(ctx, req, table);
    if (req.method === 'POST') return create(ctx, req, table);
    throw new DataverseError(405, ErrorCodes.QueryError, `The HTTP method '${req.method}' is not allowed on an entity set.`);
  }
  if (rest.length) return listMembers(ctx, req, table, id, rest);
  if (req.method === 'GET') return retrieve(ctx, req, table, id);
  if (req.method === 'PATCH') return patch(ctx, req, table, id);
  if (req.method === 'DELETE') return deleteRow(ctx, req, table, id);
  throw new DataverseError(405, ErrorCodes.QueryError, `The HTTP method '${req.method}' is not allowed on a record.`);
}

/** `GET lists(id)/listcontact_association`: a static list's members of that table, queried like the table itself. */
function listMembers(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string, rest: string[]): ApiResponse {
  const memberTable = LIST_MEMBER_NAVIGATION[rest[0]];
  if (table.logicalName !== 'list' || !memberTable || rest.length > 1 || req.method !== 'GET') throw resourceNotFound(rest.join('/'));
  if (!ctx.store.get('list', id)) throw new DataverseError(404, ErrorCodes.ObjectDoesNotExist, `list With Id = ${id} Does Not Exist`);
  const ids = new Set<string>();
  for (const member of ctx.store.list('listmember')) {
    if (isLookup(member.listid) && member.listid.id === id && isLookup(member.entityid) && member.entityid.table === memberTable) ids.add(member.entityid.id);
  }
  return retrieveMultiple(ctx, req, tableByEntitySet(`${memberTable}s`)!, ids);
}

/** Runs one Web API operation and answers it, errors included, in Dataverse's shapes. */
export function executeOperation(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  ctx.stats.countOperation(endpointOf(req));
  try {
    return route(ctx, req);
  } catch (err) {
    return errorResponse(err);
  }
}

/** Whether an operation may change rows (LOST_ANSWER hits only these). */
export function isWrite(method: string): boolean {
  return method !== 'GET';
}
