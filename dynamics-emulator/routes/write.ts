import type { EmulatorContext } from '../context';
import { DataverseError, ErrorCodes, recordNotFound } from '../errors';
import type { TableDef } from '../schema/types';
import { parsePrefer, type ApiRequest, type ApiResponse } from './api-request';
import { parsePayload } from './payload';
import { entityUrl, etagOf, selectedColumns, toWire } from './serialize';

function bodyOf(req: ApiRequest, table: TableDef): unknown {
  try {
    return JSON.parse(req.body || '{}');
  } catch (err) {
    throw new DataverseError(400, ErrorCodes.PayloadError, `Error identified in Payload provided by the user for Entity :'${table.entitySetName}' ----> ${(err as Error).message}`);
  }
}

/** Dataverse's own checks come first; then a plug-in failure or lock timeout a test asked for. */
function injectedRecordFault(ctx: EmulatorContext, id: string): void {
  const fault = ctx.faults.recordWriteFault(id);
  if (fault) throw fault;
  if (ctx.faults.rowLockFails()) {
    throw new DataverseError(500, ErrorCodes.SqlTimeout, 'Generic SQL error. The request timed out waiting for a lock on the record; it was held by another transaction.');
  }
}

function written(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string, created: boolean): ApiResponse {
  const url = entityUrl(req.baseUrl, table, id);
  const row = ctx.store.get(table.logicalName, id)!;
  const headers: Record<string, string> = { 'OData-EntityId': url, ETag: etagOf(row) };
  if (!parsePrefer(req.headers.prefer).returnRepresentation) return { status: 204, headers: created ? { ...headers, Location: url } : headers };
  const body = toWire(ctx.store, table, row, selectedColumns(table, req.query.$select), undefined);
  return { status: created ? 201 : 200, headers: { ...headers, 'Preference-Applied': 'return=representation' }, body };
}

function createRow(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string | undefined, body: unknown): ApiResponse {
  const fields = parsePayload(ctx.store, table, body, 'create');
  const given = (body as Record<string, unknown>)[table.primaryId];
  const rowId = (id ?? (typeof given === 'string' ? given : ctx.store.newId())).toLowerCase();
  if (ctx.store.get(table.logicalName, rowId)) throw new DataverseError(400, ErrorCodes.DuplicateRecord, 'Cannot insert duplicate key.');
  injectedRecordFault(ctx, rowId);
  ctx.store.insert(table.logicalName, fields, { id: rowId, userId: req.userId });
  ctx.stats.countWrite(rowId);
  return written(ctx, req, table, rowId, true);
}

/** POST to an entity set: always a create. */
export function create(ctx: EmulatorContext, req: ApiRequest, table: TableDef): ApiResponse {
  return createRow(ctx, req, table, undefined, bodyOf(req, table));
}

/**
 * PATCH `set(id)`. With `If-Match: *` it only updates (404 when the row is absent); with an etag it
 * also checks the version (412); with `If-None-Match: *` it only creates (412 when present); with
 * neither it is an upsert that creates a missing row under that id — crm-sync must always send If-Match.
 */
export function patch(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string): ApiResponse {
  const body = bodyOf(req, table);
  const existing = ctx.store.get(table.logicalName, id);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch !== undefined) {
    if (!existing) throw recordNotFound(table.logicalName, id);
    if (ifMatch !== '*' && ifMatch !== etagOf(existing)) throw new DataverseError(412, ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
  }
  if (ifNoneMatch === '*' && existing) throw new DataverseError(412, ErrorCodes.DuplicateRecord, 'A record with matching key values already exists.');
  if (!existing) return createRow(ctx, req, table, id, body);
  const fields = parsePayload(ctx.store, table, body, 'update');
  injectedRecordFault(ctx, existing[table.primaryId] as string);
  ctx.store.update(table.logicalName, id, fields, { userId: req.userId });
  ctx.stats.countWrite(id.toLowerCase());
  return written(ctx, req, table, id.toLowerCase(), false);
}

/** DELETE `set(id)`: real Dataverse deletes; the request is recorded first, because crm-sync asking at all is the bug. */
export function deleteRow(ctx: EmulatorContext, req: ApiRequest, table: TableDef, id: string): ApiResponse {
  ctx.stats.countDeleteRequest({ client: req.client, endpoint: `${table.entitySetName}.delete`, path: `/api/data/v9.2/${req.path}` });
  if (!ctx.store.get(table.logicalName, id)) throw recordNotFound(table.logicalName, id);
  injectedRecordFault(ctx, id);
  for (const removed of ctx.store.delete(table.logicalName, id)) ctx.stats.countDelete(removed);
  return { status: 204, headers: {} };
}
