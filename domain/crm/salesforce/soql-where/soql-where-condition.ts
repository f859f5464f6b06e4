/**
 * One condition of a WHERE clause (`Field operator value`), checked against the object's describe
 * and compiled into a comparison on the local record. Every refusal names the field, the rule and
 * what to write instead.
 */
import type { CrmFieldDescribe } from '../../connector';
import type { LeafCondition } from './soql-where-tree';
import { countAnyRuns } from './soql-where-like';
import { isFiscalLiteral, isSupportedDateLiteral, parseDateText, parseDateTimeText } from './soql-where-dates';
import { WhereProblem, type ComparisonOperator, type ValueKind, type WhereCondition, type WhereObject, type WhereValue } from './soql-where-types';

const KIND_OF_TYPE: Record<string, ValueKind> = {
  id: 'id', reference: 'id',
  string: 'text', textarea: 'text', email: 'text', phone: 'text', url: 'text', picklist: 'text', combobox: 'text',
  double: 'number', currency: 'number', percent: 'number', int: 'number', long: 'number',
  boolean: 'boolean', date: 'date', datetime: 'datetime', multipicklist: 'multipicklist',
};

const ORDERING: ComparisonOperator[] = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'];
const OPERATORS: Record<ValueKind, ComparisonOperator[]> = {
  text: [...ORDERING, 'LIKE'],
  id: ORDERING,
  number: ORDERING,
  date: ORDERING,
  datetime: ORDERING,
  boolean: ['=', '!='],
  multipicklist: ['=', '!=', 'INCLUDES', 'EXCLUDES'],
};

const EXPECTED: Record<ValueKind, string> = {
  text: "a quoted text value, e.g. 'Acme'",
  id: "a quoted 15- or 18-character record id, e.g. '00Q5e00000AbCdEFGH'",
  number: 'a number without quotes, e.g. 1000',
  boolean: 'TRUE or FALSE without quotes',
  date: 'a date without quotes (YYYY-MM-DD) or a date literal such as LAST_N_DAYS:30',
  datetime: 'a datetime without quotes (YYYY-MM-DDThh:mm:ssZ) or a date literal such as TODAY',
  multipicklist: "quoted values, e.g. ('A;B', 'C')",
};

const ACCEPTED_LITERALS: Record<ValueKind, string[]> = {
  text: ['STRING'],
  id: ['STRING'],
  multipicklist: ['STRING'],
  number: ['INTEGER', 'DECIMAL'],
  boolean: ['BOOLEAN'],
  date: ['DATE', 'DATE_LITERAL', 'DATE_N_LITERAL'],
  datetime: ['DATETIME', 'DATE_LITERAL', 'DATE_N_LITERAL'],
};

const ESCAPES: Record<string, string> = {
  n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f', '"': '"', "'": "'", '\\': '\\',
};

/** The text of a quoted SOQL string; `\%` and `\_` are plain characters outside LIKE. */
function unquote(raw: string, forLike: boolean): string {
  const body = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const next = body[++i];
    const hex = next === 'u' ? /^[0-9A-Fa-f]{4}/.exec(body.slice(i + 1))?.[0] : undefined;
    let char: string;
    if (next === '%' || next === '_') char = next;
    else if (next !== undefined && next in ESCAPES) char = ESCAPES[next];
    else if (hex) {
      char = String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else throw new WhereProblem(`invalid escape sequence \\${next ?? ''} in ${raw}; the escapes are \\' \\" \\\\ \\n \\r \\t \\b \\f \\uXXXX, and \\% \\_ in LIKE`);
    // An escaped character is never a wildcard: the LIKE matcher reads the backslash as "take the next one literally".
    out += forLike ? `\\${char}` : char;
  }
  return out;
}

/**
 * Caps on one LIKE pattern. The matcher is linear (soql-where-like.ts), so these bound the work per
 * record rather than prevent a blow-up: a marketer's pattern never needs more, and a pattern that
 * does is far more likely a mistake, or an attempt on the worker, than a segment.
 */
export const MAX_LIKE_PATTERN_LENGTH = 255;
export const MAX_LIKE_ANY_WILDCARDS = 8;

/** Refuses a LIKE pattern over the caps, saying which cap and by how much. */
function checkLikeComplexity(field: string, raw: string, pattern: string): void {
  const length = pattern.replace(/\\(.)/gs, '$1').length;
  if (length > MAX_LIKE_PATTERN_LENGTH) {
    throw new WhereProblem(`${field} LIKE: the pattern is ${length} characters; at most ${MAX_LIKE_PATTERN_LENGTH} are allowed in one LIKE pattern`);
  }
  const anyWildcards = countAnyRuns(pattern);
  if (anyWildcards > MAX_LIKE_ANY_WILDCARDS) {
    throw new WhereProblem(
      `${field} LIKE ${raw}: the pattern has ${anyWildcards} % wildcards; at most ${MAX_LIKE_ANY_WILDCARDS} are allowed in one LIKE pattern`,
    );
  }
}

function multipicklistValues(text: string): string[] {
  return [...new Set(text.split(';').map((v) => v.trim().toLowerCase()).filter(Boolean))].sort();
}

interface FieldInfo {
  name: string;
  type: string;
  kind: ValueKind;
}

function resolveField(name: string, object: WhereObject, byName: Map<string, CrmFieldDescribe>): FieldInfo {
  if (name.includes('.')) {
    throw new WhereProblem(
      `${name}: fields of related records are not supported; the local copy of ${object} holds only its own fields (filter on a field of ${object}, e.g. its lookup id)`,
    );
  }
  const field = byName.get(name.toLowerCase());
  if (!field) throw new WhereProblem(`unknown field '${name}' on ${object}`);
  if (field.compound) {
    throw new WhereProblem(`${field.name} is a compound ${field.type} field and cannot be filtered; filter on its parts (e.g. City, PostalCode) instead`);
  }
  const kind = KIND_OF_TYPE[field.type];
  if (!kind) throw new WhereProblem(`${field.name} is a ${field.type} field, which a list's WHERE clause cannot filter on`);
  return { name: field.name, type: field.type, kind };
}

function convertLiteral(field: FieldInfo, operator: ComparisonOperator, raw: string, literalType: string, n: number | undefined): WhereValue {
  const wrongType = () => new WhereProblem(`${field.name} is a ${field.type} field; compare it with ${EXPECTED[field.kind]} (got ${raw})`);
  if (literalType === 'NULL') {
    // A checkbox is never null in Salesforce: `= null` is documented to mean `= FALSE`.
    if (field.kind === 'boolean') return false;
    if (operator === '=' || operator === '!=' || operator === 'IN' || operator === 'NOT IN') return null;
    throw new WhereProblem(`${field.name} ${operator} null: only =, !=, IN and NOT IN can compare with null`);
  }
  if (literalType === 'INTEGER_WITH_CURRENCY_PREFIX' || literalType === 'DECIMAL_WITH_CURRENCY_PREFIX') {
    throw new WhereProblem(`${field.name} ${operator} ${raw}: currency-prefixed amounts are not supported (the local copy has no conversion rates); write the plain number`);
  }
  if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
    const name = raw.split(':')[0].toUpperCase();
    if (field.kind === 'date' || field.kind === 'datetime') {
      if (isFiscalLiteral(name)) throw new WhereProblem(`${raw}: fiscal date literals are not supported; they depend on the org's fiscal year settings, which the local copy does not hold`);
      if (!isSupportedDateLiteral(name)) throw new WhereProblem(`${raw}: this date literal is not supported`);
    }
  }
  if (!ACCEPTED_LITERALS[field.kind].includes(literalType)) throw wrongType();
  switch (literalType) {
    case 'STRING': {
      const text = unquote(raw, operator === 'LIKE');
      if (operator === 'LIKE') {
        checkLikeComplexity(field.name, raw, text);
        return text;
      }
      if (field.kind === 'id') {
        if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(text)) throw new WhereProblem(`${field.name}: '${text}' is not a record id (15 or 18 letters and digits)`);
        return text.slice(0, 15);
      }
      return field.kind === 'multipicklist' ? multipicklistValues(text) : text.toLowerCase();
    }
    case 'INTEGER':
    case 'DECIMAL': {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw wrongType();
      return value;
    }
    case 'BOOLEAN': return raw.toUpperCase() === 'TRUE';
    case 'DATE': {
      const ms = parseDateText(raw);
      if (Number.isNaN(ms)) throw new WhereProblem(`${field.name}: ${raw} is not a valid date`);
      return ms;
    }
    case 'DATETIME': {
      const ms = parseDateTimeText(raw);
      if (Number.isNaN(ms)) throw new WhereProblem(`${field.name}: ${raw} is not a valid datetime (use YYYY-MM-DDThh:mm:ssZ or an offset such as +02:00)`);
      return ms;
    }
    default: {
      const name = raw.split(':')[0].toUpperCase();
      return n === undefined ? { dateLiteral: name } : { dateLiteral: name, n };
    }
  }
}

function asList<T>(value: T | T[] | undefined, length: number): (T | undefined)[] {
  return Array.isArray(value) ? value : Array.from({ length }, () => value);
}

export function compileCondition(condition: LeafCondition, object: WhereObject, byName: Map<string, CrmFieldDescribe>): WhereCondition {
  if ('fn' in condition) {
    throw new WhereProblem(`functions such as ${condition.fn.functionName ?? condition.fn.rawValue}() are not supported in a list's WHERE clause; compare a field directly`);
  }
  if ('valueQuery' in condition && condition.valueQuery) {
    throw new WhereProblem(`${condition.field} ${condition.operator} (SELECT …): semi-join and anti-join subqueries are not supported; the local copy of ${object} cannot see other objects' records`);
  }
  const field = resolveField(condition.field, object, byName);
  const operator = (condition.operator.toUpperCase() === '<>' ? '!=' : condition.operator.toUpperCase()) as ComparisonOperator;
  const allowed = OPERATORS[field.kind];
  if (!allowed.includes(operator)) {
    const hint = operator === 'INCLUDES' || operator === 'EXCLUDES' ? ' (INCLUDES and EXCLUDES are for multi-select picklists)' : '';
    throw new WhereProblem(`${operator} is not valid on ${field.name} (a ${field.type} field)${hint}; use ${allowed.join(', ')}`);
  }
  const c = condition as { value: string | string[]; literalType?: string | string[]; dateLiteralVariable?: number | number[] };
  const raws = Array.isArray(c.value) ? c.value : [c.value];
  const types = asList(c.literalType, raws.length);
  const ns = asList(c.dateLiteralVariable, raws.length);
  const list = operator === 'IN' || operator === 'NOT IN' || operator === 'INCLUDES' || operator === 'EXCLUDES';
  if (!list && raws.length !== 1) throw new WhereProblem(`${field.name} ${operator} takes one value; use IN for a list`);
  const values = raws.map((raw, i) => convertLiteral(field, operator, raw, types[i] ?? 'STRING', ns[i]));
  if ((operator === 'INCLUDES' || operator === 'EXCLUDES') && values.some((v) => v === null || (Array.isArray(v) && v.length === 0))) {
    throw new WhereProblem(`${field.name} ${operator}: every value must name at least one picklist value`);
  }
  return { kind: 'condition', field: field.name, valueKind: field.kind, operator, values };
}
