/**
 * A list source "saved SOQL WHERE clause on Lead or Contact", evaluated over the local copy of the
 * CRM records and never sent to the CRM. Parse once (validation with one clear message per
 * problem), then test each record:
 *
 *   const parsed = parseWhereClause("Status = 'Open' AND CreatedDate = LAST_N_DAYS:30", 'Lead', describe.fields);
 *   if (parsed.ok) matchesWhere(parsed.clause, record.fields, new Date());
 *
 * Decisions (each explained where it is made):
 * - only the object's own fields: relationship fields (Account.Name), semi-/anti-join subqueries,
 *   functions (CALENDAR_YEAR, toLabel, DISTANCE), fiscal date literals, currency-prefixed amounts
 *   and compound fields are refused by name (soql-where-condition.ts);
 * - AND and OR mixed at one level, and a bare NOT followed by AND/OR, are refused as SOQL does,
 *   so no clause is read with a precedence its writer did not mean (soql-where-tree.ts);
 * - anything after the filter (LIMIT, ORDER BY, GROUP BY, WITH …, FOR …) and parentheses that
 *   close what they did not open are refused (soql-where-parse.ts);
 * - null semantics follow SOQL, date literals are UTC days (soql-where-evaluate.ts, soql-where-dates.ts).
 */
export { MAX_WHERE_LENGTH, parseWhereClause } from './soql-where-parse';
export { matchesWhere } from './soql-where-evaluate';
export type { CompiledWhere, ParseWhereResult, ValueKind, WhereCondition, WhereObject, WhereValue } from './soql-where-types';
