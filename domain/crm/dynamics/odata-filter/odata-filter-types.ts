/**
 * The compiled form of a saved OData $filter: plain data (JSON-serialisable), built when a list is
 * saved or its sync starts and evaluated over every local record.
 */

/** How a column's values compare; decided from the describe type when the filter is parsed. */
export type ValueKind = 'text' | 'number' | 'choice' | 'choices' | 'boolean' | 'date' | 'datetime' | 'guid';

export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type TextFunction = 'contains' | 'startswith' | 'endswith';

/** The Dataverse query functions over dates that this filter implements (odata-filter-dates.ts). */
export type DateRangeFunction = 'Today' | 'Yesterday' | 'Tomorrow' | 'LastXDays' | 'NextXDays' | 'OlderThanXDays';

/**
 * One literal, normalised for comparison:
 * - text: lower-cased (Dataverse compares text without regard to case);
 * - number and choice: the number (a choice is stored as its option value's text, "100000001");
 * - choices (multi-select): the selected option values as text, sorted and without repeats;
 * - boolean: itself; guid: lower-cased;
 * - date and datetime: epoch milliseconds (a date is its UTC midnight);
 * - null: the OData `null`.
 */
export type FilterValue = string | number | boolean | null | string[];

interface OnColumn {
  /** The column's name as the describe spells it (the key in the local record's `fields`). */
  field: string;
  valueKind: ValueKind;
}

export type FilterCondition =
  | (OnColumn & { kind: 'compare'; operator: CompareOperator; value: FilterValue })
  | (OnColumn & { kind: 'text'; fn: TextFunction; value: string })
  | (OnColumn & { kind: 'in'; negated: boolean; values: FilterValue[] })
  | (OnColumn & { kind: 'contain-values'; negated: boolean; values: string[] })
  | (OnColumn & { kind: 'date-range'; fn: DateRangeFunction; days: number });

export type CompiledODataFilter =
  | { kind: 'and' | 'or'; operands: CompiledODataFilter[] }
  | { kind: 'not'; operand: CompiledODataFilter }
  | FilterCondition;

export type ParseODataFilterResult = { ok: true; filter: CompiledODataFilter; fieldsUsed: string[] } | { ok: false; problem: string };

/** A refusal while parsing; caught at the top and returned as `{ ok: false, problem }`. */
export class ODataFilterProblem extends Error {}
