/**
 * The compiled form of a saved SOQL WHERE clause: plain data (JSON-serialisable), so it can be built
 * once when a list sync starts and evaluated over every local record, or handed to an activity.
 */
export type WhereObject = 'Lead' | 'Contact';

/** How a field's values compare; decided from the describe type when the clause is parsed. */
export type ValueKind = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multipicklist';

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES';

/** A relative range such as TODAY or LAST_N_DAYS:30, resolved against `now` when a record is tested. */
export interface DateLiteralValue {
  dateLiteral: string;
  n?: number;
}

/**
 * One literal, normalised for comparison:
 * - text: lower-cased (`=`/`<`/IN) or, for LIKE, the pattern with a backslash before each literal `%`, `_` or `\\` (soql-where-like.ts);
 * - id: the 15-character case-sensitive prefix (15- and 18-character ids name the same record);
 * - number, boolean: themselves;
 * - date and datetime: epoch milliseconds (a date is its UTC midnight), or a date literal;
 * - multipicklist: the lower-cased selected values, sorted for `=`/`!=`, one group per INCLUDES value;
 * - null: the SOQL `null`.
 */
export type WhereValue = string | number | boolean | null | DateLiteralValue | string[];

export interface WhereCondition {
  kind: 'condition';
  /** The field's API name as the describe spells it (the key in the local record's `fields`). */
  field: string;
  valueKind: ValueKind;
  operator: ComparisonOperator;
  values: WhereValue[];
}

export type CompiledWhere =
  | { kind: 'and' | 'or'; operands: CompiledWhere[] }
  | { kind: 'not'; operand: CompiledWhere }
  | WhereCondition;

export type ParseWhereResult = { ok: true; clause: CompiledWhere; fieldsUsed: string[] } | { ok: false; problem: string };

/** A refusal while parsing; caught at the top and returned as `{ ok: false, problem }`. */
export class WhereProblem extends Error {}
