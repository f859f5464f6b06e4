import { crmModel } from '../../domain/crm/crm-registry';
import { ApplicationFailure } from '@temporalio/activity';
import { readStoredMapping } from '../../domain/connections/mapping-service';
import type { CrmFieldDescribe } from '../../domain/crm/connector';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { ListSyncSettings } from '../../domain/lists/list-sync-settings';
import { mappedMarketingFields } from '../../domain/lists/member-values';
import type { ConnectionMapping, CrmObject } from '../../domain/mapping/mapping';
import type { FieldType } from '../../domain/mapping/field-types';
import type { Models } from '../../domain/models';
import { LIST_NOT_FOUND_FAILURE } from '../../contract';

export interface ListDeps {
  models: Models;
  connectors: ConnectorFactory;
}

export interface ListContext {
  listId: string;
  connectionId: string;
  name: string;
  source: { kind: string; campaignId?: string | null; where?: string | null; object?: string | null; whereFields?: CrmFieldDescribe[] | null };
  fields: string[];
  settings: ListSyncSettings;
  mapping: ConnectionMapping;
  fieldTypes: Map<string, FieldType>;
  /** The CRM object of each person kind in the connection's CRM model (Salesforce `Contact`, Dynamics `contact`): what writes name. */
  personObjects: Record<CrmObject, string>;
}

/** The list, its connection's mapping and settings; a list or mapping removed mid-run fails the run for good. */
export async function openListContext(models: Models, listId: string): Promise<ListContext> {
  const list = await models.MarketingList.findById(listId).lean();
  if (!list) throw ApplicationFailure.create({ type: LIST_NOT_FOUND_FAILURE, message: `list ${listId} no longer exists`, nonRetryable: true });
  const connection = await models.Connection.findById(list.connectionId).lean();
  const mapping = readStoredMapping(connection?.mapping);
  if (!connection || !mapping) {
    throw ApplicationFailure.create({ type: LIST_NOT_FOUND_FAILURE, message: `the connection of list '${list.name}' or its mapping no longer exists`, nonRetryable: true });
  }
  return {
    listId,
    connectionId: String(list.connectionId),
    name: list.name,
    personObjects: { Lead: crmModel(connection.crm).people.Lead.object, Contact: crmModel(connection.crm).people.Contact.object },
    source: list.source as ListContext['source'],
    fields: list.fields,
    settings: list.syncSettings as ListSyncSettings,
    mapping,
    fieldTypes: mappedMarketingFields(mapping),
  };
}
