import type { EmulatorContext } from '../context';
import { recordNotFound, sugarErrors } from '../errors';
import { moduleOf } from '../schema/modules';
import { linkOf, relationshipOf, type LinkDef } from '../schema/relationships';
import type { ModuleDef } from '../schema/types';
import { argumentsOf, jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { formatRecord } from './serialize';

function tableLink(module: ModuleDef, linkName: string): Extract<LinkDef, { kind: 'table' }> {
  const link = linkOf(module.name, linkName);
  if (!link) throw sugarErrors.notFound(`Could not find a relationship named: ${linkName}`);
  if (link.kind !== 'table') throw sugarErrors.invalidParameter(`The emulator relates ${module.name} and ${link.relatedModule} through ${link.field} only: update that field instead.`);
  return link;
}

/** The join row's sides, whichever module the caller came from. */
function sides(link: Extract<LinkDef, { kind: 'table' }>, id: string, remoteId: string, remoteModule: string): { lhsId: string; rhs: { module: string; id: string } } {
  return link.side === 'lhs' ? { lhsId: id, rhs: { module: remoteModule, id: remoteId } } : { lhsId: remoteId, rhs: { module: link.module, id } };
}

function linkOne(ctx: EmulatorContext, module: ModuleDef, id: string, link: Extract<LinkDef, { kind: 'table' }>, remoteId: string, role: unknown): Record<string, unknown> {
  const related = moduleOf(link.relatedModule);
  const remote = ctx.store.get(related.name, remoteId);
  if (!remote) throw recordNotFound(related.name, remoteId);
  const { lhsId, rhs } = sides(link, id, remoteId, related.name);
  const roleField = relationshipOf(link.relationship).roleField;
  ctx.store.relate(link.relationship, lhsId, rhs, roleField && typeof role === 'string' ? role : null);
  return formatRecord(ctx.store, related, remote, undefined);
}

function parentOf(ctx: EmulatorContext, module: ModuleDef, id: string) {
  const parent = ctx.store.get(module.name, id);
  if (!parent) throw sugarErrors.notFound(`Could not find parent record ${id} in module: ${module.name}`);
  return parent;
}

/** `POST <module>/:id/link/:link/:remote_id`: relates one record; answers both (a role, for opportunity contacts, in the body). */
export function linkRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string, linkName: string, remoteId: string): ApiResponse {
  const link = tableLink(module, linkName);
  const parent = parentOf(ctx, module, id);
  const args = argumentsOf(req);
  const related = linkOne(ctx, module, id, link, remoteId, args.contact_role ?? args.opportunity_role);
  return jsonResponse(200, { record: formatRecord(ctx.store, module, parent, undefined), related_record: related });
}

/** `POST <module>/:id/link` with `{ link_name, ids }`: relates many records in one call. */
export function linkRecords(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string): ApiResponse {
  const args = argumentsOf(req);
  if (typeof args.link_name !== 'string') throw sugarErrors.missingParameter('Missing parameter: link_name');
  if (!Array.isArray(args.ids)) throw sugarErrors.missingParameter('Missing parameter: ids');
  const link = tableLink(module, args.link_name);
  const parent = parentOf(ctx, module, id);
  const related = args.ids.map((entry: unknown) => {
    const remoteId = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).id : entry;
    const role = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).contact_role : undefined;
    if (typeof remoteId !== 'string') throw sugarErrors.invalidParameter('Each entry of ids must be an id.');
    return linkOne(ctx, module, id, link, remoteId, role);
  });
  return jsonResponse(200, { record: formatRecord(ctx.store, module, parent, undefined), related_records: related });
}

/**
 * `DELETE <module>/:id/link/:link/:remote_id`: removes the relationship (a target list member leaves
 * the list). It deletes a row in the CRM, so a crm-sync request is recorded in the ledger like a record delete.
 */
export function unlinkRecord(ctx: EmulatorContext, req: ApiRequest, module: ModuleDef, id: string, linkName: string, remoteId: string): ApiResponse {
  ctx.stats.countDeleteRequest({ client: req.session.client, endpoint: `${module.name}.unlink`, path: `/rest/${req.version}/${req.path}` });
  const link = tableLink(module, linkName);
  const parent = parentOf(ctx, module, id);
  const related = moduleOf(link.relatedModule);
  const remote = ctx.store.get(related.name, remoteId);
  if (!remote) throw recordNotFound(related.name, remoteId);
  const { lhsId, rhs } = sides(link, id, remoteId, related.name);
  ctx.store.unrelate(link.relationship, lhsId, rhs.id);
  return jsonResponse(200, { record: formatRecord(ctx.store, module, parent, undefined), related_record: formatRecord(ctx.store, related, remote, undefined) });
}
