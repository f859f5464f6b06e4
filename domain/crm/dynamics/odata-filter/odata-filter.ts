/**
 * A list source "lead or contact rows matching a saved OData $filter", written as for the Dataverse
 * Web API and evaluated over crm-sync's local copy of the rows, never sent to Dataverse. Parse once
 * (one message per problem, with its position), then test each record:
 *
 *   const parsed = parseODataFilter("new_customertier eq 100000002 and contains(emailaddress1,'@contoso.com')", 'contact', describe.fields);
 *   if (parsed.ok) matchesODataFilter(parsed.filter, record.fields, new Date());
 *
 * What it takes: eq ne gt ge lt le between a column and a literal (either side), and, or, not,
 * parentheses; contains, startswith, endswith; the query functions listed in odata-filter-functions.ts.
 * What it refuses by name: unknown columns, literals of the wrong type, columns of related rows
 * (lookup/…), lambda any/all, arithmetic, `in`/`has`, two columns compared, parameter aliases, other
 * functions. Semantics (null, case, choices, dates): odata-filter-evaluate.ts and odata-filter-dates.ts.
 */
export { MAX_FILTER_LENGTH, parseODataFilter } from './odata-filter-parse';
export { matchesODataFilter } from './odata-filter-evaluate';
export type { CompiledODataFilter, FilterCondition, ParseODataFilterResult, ValueKind } from './odata-filter-types';
