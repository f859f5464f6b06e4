import type { ListFilter } from '../list-filter';
import { matchesWhere, parseWhereClause } from './soql-where/soql-where';
import type { CompiledWhere } from './soql-where/soql-where-types';

/**
 * Salesforce's filter list source: a SOQL WHERE clause on Lead or Contact (soql-where/). Lists were
 * created with the kind 'soql' before the source became CRM-neutral; the API and the form still take
 * that name for it.
 */
export const SALESFORCE_LIST_FILTER: ListFilter = {
  parse(where, personType, fields) {
    const parsed = parseWhereClause(where, personType, fields);
    return parsed.ok ? { ok: true, compiled: parsed.clause, fieldsUsed: parsed.fieldsUsed } : parsed;
  },
  matches: (compiled, fields, now) => matchesWhere(compiled as CompiledWhere, fields, now),
  kindAliases: ['soql'],
};
