/**
 * Reading and saving a connection's field mapping. The CRM's describe says which fields exist and
 * which may be written; the mapping rules (domain/mapping/mapping.ts) decide what may be saved; a
 * saved change that adds CRM fields makes the next sync of their objects a full one.
 */
import { recordAudit, type Actor } from '../audit/record-audit';
import { ConnectionNotFoundError } from '../crm/connector-factory';
import type { CrmConnector } from '../crm/connector';
import type { CrmModel } from '../crm/crm-model';
import { crmModel } from '../crm/crm-registry';
import { fieldsAddedByChange, objectsNeedingFullSync } from '../mapping/mapping-changes';
import {
  CRM_OBJECTS,
  connectionMappingSchema,
  MappingInvalidError,
  parseConnectionMapping,
  validateMapping,
  type ConnectionMapping,
  type CrmDescribe,
  type CrmObject,
} from '../mapping/mapping';
import type { Models } from '../models';
import { requestFullSync } from '../models/sync-state';

type MappingModels = Pick<Models, 'Connection' | 'SyncState' | 'AuditEntry'>;

/** How many added fields a full-sync reason names before it says "…"; the reason is shown on a run's page. */
const FIELDS_NAMED_IN_REASON = 5;

/**
 * The Lead and Contact fields a mapping may use. Compound fields (address, location) are left out:
 * they only repeat their component fields, and the sync does not pull them.
 */
export async function describeMappableFields(connector: CrmConnector, model: CrmModel = crmModel('salesforce')): Promise<CrmDescribe> {
  const describe = {} as CrmDescribe;
  // One object after the other: the connector logs in on its first call, and two first calls at once would log in twice.
  for (const crmObject of CRM_OBJECTS) {
    // Mappings name the person kind (Lead, Contact); the connection's CRM model names its object.
    const { fields } = await connector.describeObject(model.people[crmObject].object);
    describe[crmObject] = fields
      .filter((f) => !f.compound)
      .map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        updateable: f.updateable,
        calculated: f.calculated,
        ...(f.picklistValues && f.picklistValues.length > 0 ? { picklistValues: f.picklistValues } : {}),
        ...(f.picklistValues && f.picklistValues.length > 0 && f.picklistLabels ? { picklistLabels: f.picklistLabels } : {}),
      }));
  }
  return describe;
}

/**
 * The stored mapping, or undefined when none was saved. Every stored mapping passed the parser when
 * it was saved; one that no longer does (edited by hand in the database) is treated as absent, which
 * errs toward a full sync on the next save rather than toward a missed field.
 */
export function readStoredMapping(stored: unknown): ConnectionMapping | undefined {
  const parsed = connectionMappingSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/** Lead/Contact of this connection whose next sync is already due to be full, whatever asked for it. */
/** The person kinds whose next sync will be full, read from the sync state of the CRM object each kind lives in. */
export async function pendingFullSyncs(
  models: Pick<Models, 'SyncState'>,
  connectionId: string,
  model: CrmModel = crmModel('salesforce'),
): Promise<{ object: CrmObject; reason: string }[]> {
  // At most one state per synced object: filtering here avoids relying on `$ne: null` semantics across servers.
  const states = await models.SyncState.find({ connectionId }, { object: 1, fullSyncRequested: 1 }).lean();
  return CRM_OBJECTS.flatMap((object) => {
    const requested = states.find((s) => s.object === model.people[object].object)?.fullSyncRequested;
    return requested ? [{ object, reason: requested.reason }] : [];
  });
}

/**
 * The CRM fields to check the mapping against. When the CRM cannot be asked, the rules that need no
 * describe are still reported first (they are the admin's to fix); otherwise the CRM's error stands,
 * because saving unchecked fields could store a score that can never be pushed.
 */
async function describeForSave(connector: CrmConnector, model: CrmModel, mapping: ConnectionMapping): Promise<CrmDescribe> {
  try {
    return await describeMappableFields(connector, model);
  } catch (err) {
    const problems = validateMapping(mapping);
    if (problems.length > 0) throw new MappingInvalidError(problems);
    throw err;
  }
}

function qualified(fields: Record<CrmObject, string[]>): string[] {
  return CRM_OBJECTS.flatMap((object) => fields[object].map((field) => `${object}.${field}`));
}

function fullSyncReason(object: CrmObject, fields: string[]): string {
  const named = fields.slice(0, FIELDS_NAMED_IN_REASON).map((field) => `${object}.${field}`);
  return `mapping added field(s): ${named.join(', ')}${fields.length > FIELDS_NAMED_IN_REASON ? ', …' : ''}`;
}

export interface SavedMapping {
  mapping: ConnectionMapping;
  /** The objects whose next sync is now full because the mapping added fields to them. */
  fullSyncRequired: CrmObject[];
}

/**
 * Parses untrusted input, checks it against the CRM's live describe, stores it, asks for the full
 * syncs the change needs and records who changed what. Throws MappingInvalidError naming every
 * broken rule, or the connector's CrmError when the CRM cannot be asked.
 */
export async function saveMapping(
  deps: { models: MappingModels; connector: CrmConnector },
  change: { connectionId: string; input: unknown; actor: Actor },
): Promise<SavedMapping> {
  const { models } = deps;
  const mapping = parseConnectionMapping(change.input);
  const crm = (await models.Connection.findById(change.connectionId, { crm: 1 }).lean())?.crm;
  const model = crmModel(crm);
  const problems = validateMapping(mapping, await describeForSave(deps.connector, model, mapping));
  if (problems.length > 0) throw new MappingInvalidError(problems);

  // `before` is read now, not when the editor was opened: when two admins save at once the last save
  // wins, and each asks for the full syncs its own change needs, so no added field goes unpulled.
  const connection = await models.Connection.findById(change.connectionId, { name: 1, mapping: 1 }).lean();
  if (!connection) throw new ConnectionNotFoundError(`connection ${change.connectionId} does not exist`);
  const before = readStoredMapping(connection.mapping);
  const added = fieldsAddedByChange(before, mapping);
  const fullSyncRequired = objectsNeedingFullSync(before, mapping);

  // The full sync is asked for before the mapping is stored: a crash in between costs one needless
  // full sync, whereas the other order could leave a new field unpulled on every unchanged record.
  for (const object of fullSyncRequired) {
    // Sync state is kept per CRM object (Dynamics' `lead`), the mapping names the person kind (Lead).
    await requestFullSync(models.SyncState, change.connectionId, [model.people[object].object], fullSyncReason(object, added[object]));
  }
  await models.Connection.updateOne({ _id: connection._id }, { $set: { mapping, mappingUpdatedAt: new Date() } });

  // Field names and counts only: a mapping holds no secrets, but the audit log stays a summary.
  await recordAudit(models, change.actor, 'changed-mapping', { kind: 'connection', id: change.connectionId, name: connection.name }, {
    entries: mapping.entries.length,
    pushDefault: mapping.pushPolicy.default,
    addedFields: qualified(added),
    removedFields: before ? qualified(fieldsAddedByChange(mapping, before)) : [],
    fullSyncRequired,
  });
  return { mapping, fullSyncRequired };
}
