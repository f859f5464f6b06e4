import type { EmulatorContext } from '../context';
import { sugarErrors } from '../errors';
import { moduleByName } from '../schema/modules';
import { jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { errorResponse } from './errors-response';
import { linkRecord, linkRecords, unlinkRecord } from './links';
import { countRecords, listRecords, listRelated } from './list';
import { enumOptions, language, metadata } from './metadata';
import { createRecord, deleteRecord, retrieveRecord, updateRecord } from './records';
import { formatRecord } from './serialize';

type Handler = (ctx: EmulatorContext, req: ApiRequest, params: string[]) => ApiResponse;

interface Route {
  method: string;
  /** Path segments; `:module` must name an emulated module, `:x` matches any one segment. */
  pattern: string[];
  endpoint: string;
  handle: Handler;
}

const moduleParam = (params: string[]) => moduleByName(params[0])!;

const ROUTES: Route[] = [
  { method: 'GET', pattern: ['metadata'], endpoint: 'metadata', handle: (_c, req) => metadata(req) },
  { method: 'GET', pattern: ['lang', ':lang'], endpoint: 'lang', handle: (_c, _r, p) => language(p[0]) },
  { method: 'GET', pattern: ['ping'], endpoint: 'ping', handle: () => jsonResponse(200, 'pong') },
  {
    method: 'GET', pattern: ['me'], endpoint: 'me',
    handle: (ctx, req) => {
      const user = ctx.store.get('Users', req.session.userId)!;
      return jsonResponse(200, { current_user: { ...formatRecord(ctx.store, ctx.store.module('Users'), user, ['user_name', 'full_name', 'is_admin']), type: user.is_admin ? 'admin' : 'user' } });
    },
  },
  { method: 'GET', pattern: [':module'], endpoint: 'filter', handle: (ctx, req, p) => listRecords(ctx, req, moduleParam(p)) },
  { method: 'GET', pattern: [':module', 'filter'], endpoint: 'filter', handle: (ctx, req, p) => listRecords(ctx, req, moduleParam(p)) },
  { method: 'POST', pattern: [':module', 'filter'], endpoint: 'filter', handle: (ctx, req, p) => listRecords(ctx, req, moduleParam(p)) },
  { method: 'GET', pattern: [':module', 'count'], endpoint: 'count', handle: (ctx, req, p) => countRecords(ctx, req, moduleParam(p)) },
  { method: 'GET', pattern: [':module', 'filter', 'count'], endpoint: 'count', handle: (ctx, req, p) => countRecords(ctx, req, moduleParam(p)) },
  { method: 'GET', pattern: [':module', 'enum', ':field'], endpoint: 'enum', handle: (_c, _r, p) => enumOptions(moduleParam(p), p[1]) },
  { method: 'POST', pattern: [':module'], endpoint: 'create', handle: (ctx, req, p) => createRecord(ctx, req, moduleParam(p)) },
  { method: 'GET', pattern: [':module', ':id'], endpoint: 'retrieve', handle: (ctx, req, p) => retrieveRecord(ctx, req, moduleParam(p), p[1]) },
  { method: 'PUT', pattern: [':module', ':id'], endpoint: 'update', handle: (ctx, req, p) => updateRecord(ctx, req, moduleParam(p), p[1]) },
  { method: 'DELETE', pattern: [':module', ':id'], endpoint: 'delete', handle: (ctx, req, p) => deleteRecord(ctx, req, moduleParam(p), p[1]) },
  { method: 'GET', pattern: [':module', ':id', 'link', ':link'], endpoint: 'related', handle: (ctx, req, p) => listRelated(ctx, req, moduleParam(p), p[1], p[2]) },
  { method: 'POST', pattern: [':module', ':id', 'link'], endpoint: 'link', handle: (ctx, req, p) => linkRecords(ctx, req, moduleParam(p), p[1]) },
  { method: 'POST', pattern: [':module', ':id', 'link', ':link', ':remote'], endpoint: 'link', handle: (ctx, req, p) => linkRecord(ctx, req, moduleParam(p), p[1], p[2], p[3]) },
  { method: 'DELETE', pattern: [':module', ':id', 'link', ':link', ':remote'], endpoint: 'unlink', handle: (ctx, req, p) => unlinkRecord(ctx, req, moduleParam(p), p[1], p[2], p[3]) },
];

/** The route and its parameters; fixed segments win over `:id`, as Sugar scores routes. */
function match(method: string, segments: string[]): { route: Route; params: string[] } | undefined {
  let best: { route: Route; params: string[]; score: number } | undefined;
  for (const route of ROUTES) {
    if (route.method !== method || route.pattern.length !== segments.length) continue;
    const params: string[] = [];
    let score = 0;
    const fits = route.pattern.every((part, i) => {
      if (part === ':module' && !moduleByName(segments[i])) return false;
      if (part.startsWith(':')) {
        params.push(segments[i]);
        return true;
      }
      score += 1;
      return part === segments[i];
    });
    if (fits && (!best || score > best.score)) best = { route, params, score };
  }
  return best;
}

/** Stats name of an operation: `Contacts.filter`, `ProspectLists.link`, `metadata`. */
export function endpointOf(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const found = match(method, segments);
  if (!found) return 'invalid';
  return found.route.pattern[0] === ':module' ? `${segments[0]}.${found.route.endpoint}` : found.route.endpoint;
}

/** Runs one REST operation and answers it, errors included, in Sugar's shapes. */
export function executeOperation(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  ctx.stats.countOperation(endpointOf(req.method, req.path));
  try {
    const segments = req.path.split('/').filter(Boolean);
    const found = match(req.method, segments);
    if (!found) throw sugarErrors.noMethod(`Could not find a route with ${segments.length} elements`);
    return found.route.handle(ctx, req, found.params);
  } catch (err) {
    return errorResponse(err);
  }
}
