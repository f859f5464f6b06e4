import type { ListFilter } from '../list-filter';
import { DYNAMICS_MODEL } from './dynamics-model';
import { matchesODataFilter, parseODataFilter, type CompiledODataFilter } from './odata-filter/odata-filter';

/**
 * Dynamics 365's filter list source: an OData $filter on the lead or contact table (odata-filter/).
 * No other kind name: the source was CRM-neutral before Dynamics had one, so no client ever sent
 * another, and an alias would be accepted for every CRM's connections, not only Dynamics'.
 */
export const DYNAMICS_LIST_FILTER: ListFilter = {
  parse(where, personType, fields) {
    const parsed = parseODataFilter(where, DYNAMICS_MODEL.people[personType].object, fields);
    return parsed.ok ? { ok: true, compiled: parsed.filter, fieldsUsed: parsed.fieldsUsed } : parsed;
  },
  matches: (compiled, fields, now) => matchesODataFilter(compiled as CompiledODataFilter, fields, now),
  kindAliases: [],
};
