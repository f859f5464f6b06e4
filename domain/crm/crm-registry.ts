import type { CrmConnector } from './connector';
import type { CrmCredentials } from './credentials';
import { isCrmKind, type CrmKind, type CrmModel } from './crm-model';
import { DynamicsConnector } from './dynamics/dynamics-connector';
import { DYNAMICS_LIST_FILTER } from './dynamics/dynamics-list-filter';
import { DYNAMICS_ENVIRONMENT_HOSTS, DYNAMICS_LOGIN_HOSTS } from './dynamics/dynamics-login-hosts';
import { classifyDynamicsLoginFailure } from './dynamics/dynamics-login-failure';
import { DYNAMICS_MODEL } from './dynamics/dynamics-model';
import type { ListFilter } from './list-filter';
import type { LoginFailure } from './login-failure';
import { SalesforceConnector } from './salesforce/salesforce-connector';
import { SALESFORCE_LIST_FILTER } from './salesforce/salesforce-list-filter';
import { classifyLoginFailure } from './salesforce/salesforce-login-failure';
import { SALESFORCE_LOGIN_HOSTS } from './salesforce/salesforce-login-hosts';
import { SALESFORCE_MODEL } from './salesforce/salesforce-model';
import { SugarConnector } from './sugar/sugar-connector';
import { classifySugarLoginFailure } from './sugar/sugar-login-failure';
import { SUGAR_LOGIN_HOSTS } from './sugar/sugar-login-hosts';
import { SUGAR_MODEL } from './sugar/sugar-model';

/**
 * Everything the core reaches a CRM through: its model (what its objects mean) and how to build a
 * connector from a connection's opened credentials. Adding a CRM is a connector folder, an
 * emulator, one entry here, and the conformance kit passing (README, "Adding a CRM").
 */
export interface CrmDefinition {
  model: CrmModel;
  connect(credentials: CrmCredentials): CrmConnector;
  /** The hosts the CRM documents for signing in: a connection's login URL must be one (or an operator's addition). */
  loginHosts: readonly string[];
  /** The hosts of the CRM's own API where a connection names it apart from the login host (a Dynamics environment). */
  environmentHosts?: readonly string[];
  /** Why a connection test's sign-in failed, in words an admin can act on (never a host's raw answer). */
  classifyLoginFailure(err: unknown, credentials: CrmCredentials): LoginFailure;
  /** The CRM's filter list source (list-filter.ts); absent when it offers none (then `model.listFilter` is null too). */
  listFilter?: ListFilter;
}

/** Credentials of the wrong kind for a CRM: a stored connection whose `crm` and secrets disagree. */
function credentialsOf<K extends CrmCredentials['kind']>(credentials: CrmCredentials, kinds: readonly K[]): Extract<CrmCredentials, { kind: K }> {
  if (!(kinds as readonly string[]).includes(credentials.kind)) throw new UnknownCrmError(`credentials of kind '${credentials.kind}' do not fit this CRM`);
  return credentials as Extract<CrmCredentials, { kind: K }>;
}

const DEFINITIONS: Partial<Record<CrmKind, CrmDefinition>> = {
  salesforce: {
    model: SALESFORCE_MODEL,
    connect: (credentials) => new SalesforceConnector(credentials),
    loginHosts: SALESFORCE_LOGIN_HOSTS,
    classifyLoginFailure: (err, credentials) => classifyLoginFailure(err, new URL(credentials.loginUrl).host),
    listFilter: SALESFORCE_LIST_FILTER,
  },
  dynamics: {
    model: DYNAMICS_MODEL,
    connect: (credentials) => new DynamicsConnector(credentialsOf(credentials, ['dynamics'] as const)),
    loginHosts: DYNAMICS_LOGIN_HOSTS,
    environmentHosts: DYNAMICS_ENVIRONMENT_HOSTS,
    classifyLoginFailure: (err, credentials) => classifyDynamicsLoginFailure(err, credentialsOf(credentials, ['dynamics'] as const)),
    listFilter: DYNAMICS_LIST_FILTER,
  },
  sugar: {
    model: SUGAR_MODEL,
    connect: (credentials) => new SugarConnector(credentialsOf(credentials, ['sugar'] as const)),
    // The instance is where the password goes and where the API answers: one host, no environment apart.
    loginHosts: SUGAR_LOGIN_HOSTS,
    classifyLoginFailure: (err, credentials) => classifySugarLoginFailure(err, credentialsOf(credentials, ['sugar'] as const)),
  },
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

/** Every other name a registered CRM accepts for the 'filter' list source kind (its name before it was CRM-neutral). */
export function listFilterKindAliases(): string[] {
  return [...new Set(Object.values(DEFINITIONS).flatMap((d) => d.listFilter?.kindAliases ?? []))];
}
