/**
 * Creating a list and changing its sync settings: every input is checked against the connection's
 * mapping and the synced CRM data before anything is stored, and each refusal names its field.
 */
import type { CrmConnector, CrmFieldDescribe } from '../crm/connector';
import { readStoredMapping } from '../connections/mapping-service';
import { isPushAllowed } from '../mapping/push-policy';
import type { ConnectionMapping, CrmObject } from '../mapping/mapping';
import type { Models } from '../models';
import { crmRecordKey } from '../models/crm-record';
import type { ListSourceKind } from '../models/marketing-list';
import type { NewListInput } from './list-input';
import { checkListSyncSettings, defaultListSyncSettings, mergeListSyncSettings, type ListSyncSettings, type ListSyncSettingsInput } from './list-sync-settings';
import { entryFor, mappedMarketingFields } from './member-values';
import { crmDefinition, type CrmDefinition } from '../crm/crm-registry';
import type { ListFilter } from '../crm/list-filter';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ListInputError extends Error {
  override name = 'ListInputError';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

/** The CRM objects whose people a source brings: a campaign has Leads and Contacts. */
export function personObjectsOf(source: { kind: ListSourceKind | string; object?: string | null }): CrmObject[] {
  switch (source.kind) {
    case 'all_leads':
      return ['Lead'];
    case 'all_contacts':
      return ['Contact'];
    case 'filter':
      return [source.object === 'Contact' ? 'Contact' : 'Lead'];
    default:
      return ['Lead', 'Contact'];
  }
}

/** Whether a marketing field may be pushed for the list's people, and if not, why in words. */
export function pushVerdict(mapping: ConnectionMapping, objects: CrmObject[], field: string): { ok: true } | { ok: false; reason: string } {
  const entries = objects.map((o) => ({ object: o, entry: entryFor(mapping, o, field) }));
  if (entries.some(({ entry }) => entry && isPushAllowed(mapping, entry))) return { ok: true };
  if (entries.every(({ entry }) => !entry)) return { ok: false, reason: `'${field}' is not mapped to a CRM field of ${objects.join(' or ')}` };
  return { ok: false, reason: `'${field}' may not be pushed: the mapping's push policy denies it for ${objects.join(' and ')} (allow push for it on the mapping page)` };
}

export function scoreFieldsOf(mapping: ConnectionMapping): string[] {
  return [...mappedMarketingFields(mapping)].filter(([, type]) => type === 'Score').map(([name]) => name);
}

export function mappingOfConnection(connection: { mapping?: unknown }): ConnectionMapping {
  const mapping = readStoredMapping(connection.mapping);
  if (!mapping) throw new ListInputError([{ path: 'connectionId', message: 'the connection has no field mapping yet; an admin must save one first' }]);
  return mapping;
}

export function validateListSyncSettings(settings: ListSyncSettings, listFields: string[], mapping: ConnectionMapping, objects: CrmObject[], root: string): void {
  const problems = checkListSyncSettings(settings, listFields, (field) => pushVerdict(mapping, objects, field));
  if (problems.length > 0) throw new ListInputError(problems.map((p) => ({ ...p, path: `${root}.${p.path}` })));
}

/** The CRM's filter list source, or a refusal naming `source.kind` when the CRM offers none. */
export function requireListFilter(definition: Pick<CrmDefinition, 'model' | 'listFilter'>): ListFilter {
  if (definition.listFilter) return definition.listFilter;
  throw new ListInputError([
    { path: 'source.kind', message: `${definition.model.label} offers no filter list source; choose a ${definition.model.campaign.label.toLowerCase()} (campaign), all_leads or all_contacts` },
  ]);
}

type ListModels = Pick<Models, 'Connection' | 'MarketingList' | 'crmRecords'>;

/** Checks a new list against the connection and stores it; the caller starts its import run. */
export async function defineList(models: ListModels, describeFor: () => Promise<CrmConnector>, input: NewListInput, createdBy: string | undefined) {
  const connection = await models.Connection.findById(input.connectionId).lean();
  if (!connection) throw new ListInputError([{ path: 'connectionId', message: `no connection with id ${input.connectionId}` }]);
  const mapping = mappingOfConnection(connection);
  const definition = crmDefinition(connection.crm);
  const { model } = definition;
  const available = mappedMarketingFields(mapping);

  const requested = input.fields ?? [...available.keys()];
  const problems: FieldProblem[] = [];
  requested.forEach((field, i) => {
    if (!available.has(field)) problems.push({ path: `fields[${i}]`, message: `'${field}' is not a mapped marketing field (mapped: ${[...available.keys()].join(', ')})` });
  });
  // Email is every member's identity for audiences and de-duplication, so a list always copies it.
  const fields = [...new Set(['email', ...requested])];

  const source = {
    kind: input.source.kind,
    campaignId: null as string | null,
    campaignName: null as string | null,
    where: null as string | null,
    object: null as string | null,
    whereFields: null as CrmFieldDescribe[] | null,
  };
  if (input.source.kind === 'campaign') {
    const campaign = await models.crmRecords[model.campaign.object].findById(crmRecordKey(input.connectionId, input.source.campaignId)).lean();
    if (!campaign) {
      const what = model.campaign.label.toLowerCase();
      problems.push({ path: 'source.campaignId', message: `no ${what} ${input.source.campaignId} in this connection's synced CRM data (run a CRM sync if it is new)` });
    } else {
      source.campaignId = input.source.campaignId;
      const name = campaign.fields[model.campaign.nameField];
      source.campaignName = typeof name === 'string' ? name : null;
    }
  }
  if (input.source.kind === 'filter') {
    const filter = requireListFilter(definition);
    const connector = await describeFor();
    const describe = await connector.describeObject(model.people[input.source.object].object);
    const parsed = filter.parse(input.source.where, input.source.object, describe.fields);
    if (!parsed.ok) problems.push({ path: 'source.where', message: parsed.problem });
    else {
      const used = new Set(parsed.fieldsUsed.map((f) => f.toLowerCase()));
      source.whereFields = describe.fields.filter((f) => used.has(f.name.toLowerCase()));
    }
    source.where = input.source.where;
    source.object = input.source.object;
  }
  if (problems.length > 0) throw new ListInputError(problems);

  const objects = personObjectsOf(source);
  const settings = mergeListSyncSettings(defaultListSyncSettings(fields, scoreFieldsOf(mapping)), input.syncSettings ?? {});
  validateListSyncSettings(settings, fields, mapping, objects, 'syncSettings');

  return models.MarketingList.create({ connectionId: input.connectionId, name: input.name, source, fields, syncSettings: settings, createdBy });
}

/** New sync settings for a stored list, checked against its fields and the current mapping. */
export async function changeListSyncSettings(models: Pick<Models, 'Connection' | 'MarketingList'>, listId: string, input: ListSyncSettingsInput): Promise<ListSyncSettings> {
  const list = await models.MarketingList.findById(listId).lean();
  if (!list) throw new ListInputError([{ path: 'listId', message: `no list ${listId}` }]);
  const connection = await models.Connection.findById(list.connectionId).lean();
  const mapping = mappingOfConnection(connection ?? {});
  const settings = mergeListSyncSettings(list.syncSettings as ListSyncSettings, input);
  validateListSyncSettings(settings, list.fields, mapping, personObjectsOf(list.source as { kind: string; object?: string | null }), 'body');
  await models.MarketingList.updateOne({ _id: listId }, { $set: { syncSettings: settings } });
  return settings;
}
