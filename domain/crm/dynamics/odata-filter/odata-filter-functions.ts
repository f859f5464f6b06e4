/**
 * The functions a list's $filter may call, compiled against the table's columns:
 * - OData's contains, startswith and endswith on text columns;
 * - of Dataverse's query functions (Microsoft.Dynamics.CRM.*): In and NotIn, ContainValues and
 *   DoesNotContainValues (multi-select choices), Today, Yesterday, Tomorrow, LastXDays, NextXDays and
 *   OlderThanXDays. The others (fiscal periods, hierarchy, weeks/months/years, user and business
 *   unit functions) are refused by name: several depend on settings the local copy does not hold.
 */
import { KIND_WORD, type ColumnCatalog, type Column } from './odata-filter-columns';
import type { Token } from './odata-filter-lexer';
import { listItemValue } from './odata-filter-literals';
import { ODataFilterProblem, type DateRangeFunction, type FilterCondition, type TextFunction } from './odata-filter-types';

/** One argument of a call as written: `PropertyName='x'` has a name; a list is `[…]`. */
export interface CallArgument {
  name: Token | null;
  value: Token | Token[];
  position: number;
}

const TEXT_FUNCTIONS: readonly TextFunction[] = ['contains', 'startswith', 'endswith'];
const CRM_PREFIX = 'microsoft.dynamics.crm.';
/** The largest day count taken: a hundred years is more than any marketing list means. */
export const MAX_DAYS = 36_500;

type CrmFunction = { kind: 'date-range'; fn: DateRangeFunction; takesDays: boolean } | { kind: 'in' | 'contain-values'; negated: boolean };

const CRM_FUNCTION_LIST: (CrmFunction & { name: string })[] = [
  { name: 'In', kind: 'in', negated: false },
  { name: 'NotIn', kind: 'in', negated: true },
  { name: 'ContainValues', kind: 'contain-values', negated: false },
  { name: 'DoesNotContainValues', kind: 'contain-values', negated: true },
  ...(['Today', 'Yesterday', 'Tomorrow'] as const).map((fn) => ({ name: fn, kind: 'date-range' as const, fn, takesDays: false })),
  ...(['LastXDays', 'NextXDays', 'OlderThanXDays'] as const).map((fn) => ({ name: fn, kind: 'date-range' as const, fn, takesDays: true })),
];
const CRM_FUNCTIONS = new Map(CRM_FUNCTION_LIST.map((f) => [f.name.toLowerCase(), f] as const));

export const SUPPORTED_FUNCTIONS = `${TEXT_FUNCTIONS.join(', ')}, and Microsoft.Dynamics.CRM.${CRM_FUNCTION_LIST.map((f) => f.name).join(', ')}`;

function single(arg: CallArgument, what: string, call: string): Token {
  if (Array.isArray(arg.value)) throw new ODataFilterProblem(`${call}: ${what} takes one value, not a list (position ${arg.position})`);
  return arg.value;
}

function compileTextFunction(fn: TextFunction, args: CallArgument[], catalog: ColumnCatalog, position: number): FilterCondition {
  const usage = `${fn}(column,'text')`;
  if (args.length !== 2 || args.some((a) => a.name)) throw new ODataFilterProblem(`${fn} at position ${position} takes a column and a quoted text: ${usage}`);
  const [property, text] = [single(args[0], 'the column', fn), single(args[1], 'the text', fn)];
  if (property.kind !== 'word') throw new ODataFilterProblem(`${fn} at position ${position}: the first argument must be a column, as in ${usage}`);
  const column = catalog.resolve(property.text, property.position);
  if (column.kind !== 'text') throw new ODataFilterProblem(`${fn} applies to text columns; ${column.name} is a ${KIND_WORD[column.kind]} column`);
  if (text.kind !== 'string') throw new ODataFilterProblem(`${fn}(${column.name}, …): the text must be in single quotes (got ${text.raw} at position ${text.position})`);
  return { kind: 'text', field: column.name, valueKind: 'text', fn, value: text.text.toLowerCase() };
}

/** The named arguments of a query function, each once, no others. */
function namedArguments(call: string, args: CallArgument[], expected: string[]): Map<string, CallArgument> {
  const byName = new Map<string, CallArgument>();
  const usage = `${call}(${expected.map((n) => `${n}=…`).join(',')})`;
  for (const arg of args) {
    const name = expected.find((n) => n.toLowerCase() === arg.name?.text.toLowerCase());
    if (!arg.name) throw new ODataFilterProblem(`${call} at position ${arg.position}: its arguments are named, as in ${usage}`);
    if (!name) throw new ODataFilterProblem(`${call} has no argument ${arg.name.text} (position ${arg.position}); write ${usage}`);
    if (byName.has(name)) throw new ODataFilterProblem(`${call}: ${name} is given twice (position ${arg.position})`);
    byName.set(name, arg);
  }
  const missing = expected.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new ODataFilterProblem(`${call} needs ${missing.join(' and ')}: write ${usage}`);
  return byName;
}

function propertyNamed(call: string, arg: CallArgument, catalog: ColumnCatalog): Column {
  const token = single(arg, 'PropertyName', call);
  if (token.kind !== 'string') throw new ODataFilterProblem(`${call}: PropertyName is the column's name in single quotes, e.g. PropertyName='createdon' (position ${token.position})`);
  return catalog.resolve(token.text, token.position);
}

function compileCrmFunction(spelled: string, args: CallArgument[], catalog: ColumnCatalog, position: number): FilterCondition {
  const fn = CRM_FUNCTIONS.get(spelled.slice(CRM_PREFIX.length).toLowerCase());
  if (!fn) throw new ODataFilterProblem(`${spelled} (position ${position}) is not supported in a list's filter; the functions are ${SUPPORTED_FUNCTIONS}`);
  const call = `Microsoft.Dynamics.CRM.${fn.name}`;
  if (fn.kind === 'date-range') {
    const named = namedArguments(call, args, fn.takesDays ? ['PropertyName', 'PropertyValue'] : ['PropertyName']);
    const column = propertyNamed(call, named.get('PropertyName')!, catalog);
    if (column.kind !== 'date' && column.kind !== 'datetime') throw new ODataFilterProblem(`${call} applies to date columns; ${column.name} is a ${KIND_WORD[column.kind]} column`);
    let days = 0;
    if (fn.takesDays) {
      const token = single(named.get('PropertyValue')!, 'PropertyValue', call);
      days = Number(token.text);
      if ((token.kind !== 'number' && token.kind !== 'string') || !Number.isInteger(days) || days < 0 || days > MAX_DAYS) {
        throw new ODataFilterProblem(`${call}: PropertyValue is a whole number of days from 0 to ${MAX_DAYS.toLocaleString('en-US')} (got ${token.raw} at position ${token.position})`);
      }
    }
    return { kind: 'date-range', field: column.name, valueKind: column.kind, fn: fn.fn, days };
  }
  const named = namedArguments(call, args, ['PropertyName', 'PropertyValues']);
  const column = propertyNamed(call, named.get('PropertyName')!, catalog);
  const list = named.get('PropertyValues')!;
  if (!Array.isArray(list.value) || list.value.length === 0) throw new ODataFilterProblem(`${call}: PropertyValues is a list in brackets, e.g. PropertyValues=['1','2'] (position ${list.position})`);
  if (fn.kind === 'contain-values') {
    if (column.kind !== 'choices') throw new ODataFilterProblem(`${call} applies to multi-select choice columns; ${column.name} is a ${KIND_WORD[column.kind]} column`);
    const values = list.value.map((token) => listItemValue(column, { ...token, kind: 'string' }) as string[]).flat();
    return { kind: 'contain-values', field: column.name, valueKind: 'choices', negated: fn.negated, values: [...new Set(values)].sort() };
  }
  if (column.kind === 'choices') throw new ODataFilterProblem(`${call} does not apply to the multi-select choice column ${column.name}; use Microsoft.Dynamics.CRM.ContainValues`);
  return { kind: 'in', field: column.name, valueKind: column.kind, negated: fn.negated, values: list.value.map((token) => listItemValue(column, token)) };
}

/** A call `name(args)` at `position` as a condition on one column. */
export function compileCall(name: Token, args: CallArgument[], catalog: ColumnCatalog): FilterCondition {
  const textFunction = TEXT_FUNCTIONS.find((f) => f === name.text.toLowerCase());
  if (textFunction) return compileTextFunction(textFunction, args, catalog, name.position);
  if (name.text.toLowerCase().startsWith(CRM_PREFIX)) return compileCrmFunction(name.text, args, catalog, name.position);
  throw new ODataFilterProblem(`the function ${name.text} (position ${name.position}) is not supported in a list's filter; the functions are ${SUPPORTED_FUNCTIONS}`);
}
