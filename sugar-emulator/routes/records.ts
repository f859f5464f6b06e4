import type { EmulatorContext } from '../context';
import { recordNotFound, sugarErrors } from '../errors';
import { lockTimeoutError } from '../faults';
import type { ModuleDef } from '../schema/types';
import { argumentsOf, jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { parseRecordBody } from './payload';
import { formatRecord, requestedFields } from './serialize';

/** Sugar's own checks come first; then a logic hook's refusal or a lock timeout a test asked for. */
export function injectedRecordFault(ctx: EmulatorContext, id: string): void {
  const fault = ctx.faults.recordWriteFault(id);
  if (fault) throw fault;
  if (ctx.faults.rowLockFails()) throw lockTimeoutError();
}

function answerWith(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string): ApiResponse {
  const row = ctx.store.get(module.name, id)!;
  return jsonResponse(200, formatRecord(ctx.store, module, row, requestedFields(module, argumentsOf(req).fields)));
}

/** `GET <module>/:id`: a live record; a soft-deleted one is as absent as a purged one. */
export function retrieveRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string): ApiResponse {
  if (!ctx.store.get(module.name, id)) throw recordNotFound(module.name, id);
  return answerWith(ctx, req, module, id);
}

/** `POST <module>`: creates and answers the record; a body may name the new record's id. */
export function createRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef): ApiResponse {
  const fields = parseRecordBody(ctx, module, req.body, 'create');
  const given = (req.body as Record<string, unknown>).id;
  const id = typeof given === 'string' && given ? given : ctx.store.newId();
  if (ctx.store.getWithDeleted(module.name, id)) throw sugarErrors.invalidParameter(`A record with id ${id} already exists in module: ${module.name}`);
  injectedRecordFault(ctx, id);
  ctx.store.insert(module.name, fields, { id, userId: req.session.userId });
  ctx.stats.countWrite(id);
  return answerWith(ctx, req, module, id);
}

/** `PUT <module>/:id`: saves the changes (date_modified moves even when nothing changed, as a Sugar save does) and answers the record. */
export function updateRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string): ApiResponse {
  if (!ctx.store.get(module.name, id)) throw recordNotFound(module.name, id);
  const fields = parseRecordBody(ctx, module, req.body, 'update');
  injectedRecordFault(ctx, id);
  ctx.store.update(module.name, id, fields, { userId: req.session.userId });
  ctx.stats.countWrite(id);
  return answerWith(ctx, req, module, id);
}

/** `DELETE <module>/:id`: Sugar soft-deletes; the request is recorded first, because crm-sync asking at all is the bug. */
export function deleteRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string): ApiResponse {
  ctx.stats.countDeleteRequest({ client: req.session.client, endpoint: `${module.name}.delete`, path: `/rest/${req.version}/${req.path}` });
  if (!ctx.store.get(module.name, id)) throw recordNotFound(module.name, id);
  injectedRecordFault(ctx, id);
  ctx.store.delete(module.name, id, { userId: req.session.userId });
  ctx.stats.countDelete(id);
  return jsonResponse(200, { id });
}
