import type { CrmConnector } from './connector';
import type { CrmCredentials } from './credentials';
import { isCrmKind, type CrmKind, type CrmModel } from './crm-model';
import { SalesforceConnector } from './salesforce/salesforce-connector';
import { SALESFORCE_MODEL } from './salesforce/salesforce-model';

/**
 * Everything the core reaches a CRM through: its model (what its objects mean) and how to build a
 * connector from a connection's opened credentials. Adding a CRM is a connector folder, an
 * emulator, one entry here, and the conformance kit passing (README, "Adding a CRM").
 */
export interface CrmDefinition {
  model: CrmModel;
  connect(credentials: CrmCredentials): CrmConnector;
}

const DEFINITIONS: Partial<Record<CrmKind, CrmDefinition>> = {
  salesforce: { model: SALESFORCE_MODEL, connect: (credentials) => new SalesforceConnector(credentials) },
};

export class UnknownCrmError extends Error {
  override name = 'UnknownCrmError';
}

/** The definition of a connection's CRM; connections stored before `crm` existed are Salesforce. */
export function crmDefinition(crm: string | null | undefined): CrmDefinition {
  const kind = crm ?? 'salesforce';
  const definition = isCrmKind(kind) ? DEFINITIONS[kind] : undefined;
  if (!definition) throw new UnknownCrmError(`crm-sync has no connector for the CRM '${kind}'`);
  return definition;
}

export function crmModel(crm: string | null | undefined): CrmModel {
  return crmDefinition(crm).model;
}

/** The CRMs a connection can be created for, in the order forms offer them. */
export function availableCrms(): CrmModel[] {
  return Object.values(DEFINITIONS).map((d) => d.model);
}
