import type { EmulatorContext } from '../context';
import { sugarErrors } from '../errors';
import { compileFilter, type FilterContext } from '../filter/compile';
import { compareValues, comparable } from '../filter/field-values';
import { fieldOf, moduleOf } from '../schema/modules';
import { linkOf } from '../schema/relationships';
import type { ModuleDef, Row } from '../schema/types';
import { argumentsOf, jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { formatRecord, readField, requestedFields } from './serialize';

type OrderBy = Array<{ field: string; ascending: boolean }>;

/** PHP's empty(): absent, '', '0', 0, false and null are "not set". */
export const phpTruthy = (value: unknown) => value !== undefined && value !== null && value !== '' && value !== '0' && value !== 0 && value !== false;

function filterOf(raw: unknown): unknown {
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw sugarErrors.invalidParameter('Unexpected filter type string.');
  }
}

/** `name:DESC,date_modified` → fields and directions (ASC when none is given); without order_by, date_modified DESC. */
function orderByOf(module: ModuleDef, raw: unknown): OrderBy {
  if (typeof raw !== 'string' || !raw) return [{ field: 'date_modified', ascending: false }];
  return raw.split(',').map((part) => {
    const [field, direction = 'ASC'] = part.trim().split(':');
    const def = fieldOf(module, field);
    if (!def || def.type === 'link' || def.nonDb) throw sugarErrors.invalidParameter(`Unknown field ${field}`);
    return { field, ascending: direction.toUpperCase() !== 'DESC' };
  });
}

export function filterContext(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef): FilterContext {
  return {
    module,
    read: (m, row, def) => readField(ctx.store, m, row, def),
    related: (m, row, link) => ctx.store.related(linkOf(m.name, link)!, row.id as string).map((r) => r.row),
    userId: req.session.userId,
    now: ctx.store.now(),
  };
}

export interface Candidates {
  rows: Row[];
  /** Relationship fields shown on each related record (opportunity_role), by record id. */
  extra?: Map<string, Record<string, unknown>>;
}

/**
 * One page of a module's records as FilterApi answers: filtered, sorted, cut at `offset` and `max_num`,
 * `next_offset` the next page's offset or -1 after the last. Offsets count rows of the result as it is
 * now, so records saved between two pages shift the pages, as SQL OFFSET does in Sugar.
 */
export function listRecords(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, candidates?: Candidates): ApiResponse {
  const args = argumentsOf(req);
  const withDeleted = phpTruthy(args.deleted);
  const matches = compileFilter(filterContext(ctx, req, module), filterOf(args.filter));
  const order = orderByOf(module, args.order_by);
  const defs = order.map((o) => fieldOf(module, o.field)!);
  const rows = (candidates?.rows ?? ctx.store.list(module.name, { includeDeleted: withDeleted })).filter(matches);
  const keyed = rows.map((row) => ({ row, key: defs.map((def) => comparable(def, readField(ctx.store, module, row, def))) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const c = compareValues(a.key[i], b.key[i]);
      if (c) return order[i].ascending ? c : -c;
    }
    return 0;
  });
  let limit = phpTruthy(args.max_num) ? Math.trunc(Number(args.max_num)) : ctx.settings.defaultPageSize;
  if (!(limit >= 1) || limit > ctx.settings.maxListLimit) limit = ctx.settings.maxListLimit;
  const offset = args.offset === 'end' ? keyed.length : Math.max(0, Math.trunc(Number(args.offset ?? 0)) || 0);
  const page = keyed.slice(offset, offset + limit);
  const fields = requestedFields(module, args.fields);
  const records = page.map(({ row }) => {
    const extra = { ...candidates?.extra?.get(row.id as string), ...(withDeleted ? { deleted: row.deleted === true } : {}) };
    return formatRecord(ctx.store, module, row, fields, extra);
  });
  return jsonResponse(200, { next_offset: offset + limit < keyed.length ? offset + limit : -1, records });
}

/** `GET <module>/count`: how many records the filter matches. */
export function countRecords(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef): ApiResponse {
  const args = argumentsOf(req);
  const matches = compileFilter(filterContext(ctx, req, module), filterOf(args.filter));
  return jsonResponse(200, { record_count: ctx.store.list(module.name, { includeDeleted: phpTruthy(args.deleted) }).filter(matches).length });
}

/** `GET <module>/:id/link/:link`: the related records, filtered and paged like the module itself. */
export function listRelated(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string, linkName: string): ApiResponse {
  const link = linkOf(module.name, linkName);
  if (!link) throw sugarErrors.notFound(`Could not find a relationship named: ${linkName}`);
  if (!ctx.store.get(module.name, id)) throw sugarErrors.notFound(`Could not find parent record ${id} in module: ${module.name}`);
  const related = ctx.store.related(link, id);
  const roleField = link.kind === 'table' && link.relationship === 'opportunities_contacts' ? 'opportunity_role' : undefined;
  const extra = roleField ? new Map(related.map((r) => [r.row.id as string, { [roleField]: r.role ?? '' }])) : undefined;
  return listRecords(ctx, req, moduleOf(link.relatedModule), { rows: related.map((r) => r.row), extra });
}
