import type { CrmFieldDescribe } from './connector';
import type { PersonType } from './crm-model';

/** A filter the list source parsed when it was saved: opaque to the core, read back only by `matches`. */
export type CompiledListFilter = unknown;

export type ParsedListFilter = { ok: true; compiled: CompiledListFilter; fieldsUsed: string[] } | { ok: false; problem: string };

/**
 * A CRM's filter list source ("people of one kind matching a saved clause"): the clause is written
 * in the CRM's own filter language (Salesforce: a WHERE clause of its query language; Dynamics
 * 365: an OData $filter), checked against the person
 * object's describe when the list is saved, and evaluated over the local copy of the records on every
 * list sync, never sent to the CRM. Declared by the connector and reached through the registry
 * (CrmDefinition.listFilter); a CRM without one refuses the 'filter' source.
 */
export interface ListFilter {
  /** Checks `where` against the person kind's described fields; a refusal names the problem in the user's terms. */
  parse(where: string, personType: PersonType, fields: CrmFieldDescribe[]): ParsedListFilter;
  /** Whether a stored record's fields pass a parsed filter at `now` (relative dates count from it). */
  matches(compiled: CompiledListFilter, fields: Record<string, unknown>, now: Date): boolean;
  /**
   * Other names the API and list form accept for the 'filter' source kind, kept for clients written
   * before it had this name; stored lists always say 'filter'.
   */
  kindAliases: readonly string[];
}
