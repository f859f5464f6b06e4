/**
 * A literal of a $filter, checked against the column it is compared with and normalised to the form
 * the evaluator compares (odata-filter-types.ts, FilterValue). The types Dataverse would refuse as
 * "incompatible operand types" are refused here, with what to write instead.
 */
import { EXPECTED, KIND_WORD, type Column } from './odata-filter-columns';
import { tokenize, type Token } from './odata-filter-lexer';
import { ODataFilterProblem, type FilterValue } from './odata-filter-types';

/** Epoch ms of a date's UTC midnight, or NaN when `YYYY-MM-DD` names no day (2024-02-30). */
export function dateMs(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? NaN : ms;
}

function mismatch(column: Column, token: Token): ODataFilterProblem {
  const hint = column.kind === 'choice' && token.kind === 'string' ? ' (a choice compares by its option value, a number)' : '';
  return new ODataFilterProblem(
    `${column.name} is a ${KIND_WORD[column.kind]} column: compare it with ${EXPECTED[column.kind]} (got ${token.raw} at position ${token.position})${hint}`,
  );
}

/** The selected option values of a multi-select choice written as text ('1,9'), sorted. */
function optionSet(column: Column, token: Token): string[] {
  const values = token.text.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of values) checkOption(column, v, token);
  return [...new Set(values.map((v) => String(Number(v))))].sort();
}

function checkOption(column: Column, value: string, token: Token): void {
  if (!/^-?\d+$/.test(value)) throw mismatch(column, token);
  const option = String(Number(value));
  // Dataverse would accept an option the column lacks and match nothing; a typo is far likelier than that intent.
  if (column.options.length > 0 && !column.options.includes(option)) {
    throw new ODataFilterProblem(`${option} is not an option of ${column.name} (position ${token.position}); its options are ${column.options.join(', ')}`);
  }
}

/** The value of a literal compared with `column` by a comparison operator. */
export function literalValue(column: Column, token: Token): FilterValue {
  if (token.kind === 'word' && token.text === 'null') return null;
  switch (column.kind) {
    case 'text':
      if (token.kind !== 'string') throw mismatch(column, token);
      return token.text.toLowerCase();
    case 'number': {
      const n = Number(token.text);
      if (token.kind !== 'number' || !Number.isFinite(n)) throw mismatch(column, token);
      return n;
    }
    case 'choice':
      if (token.kind !== 'number') throw mismatch(column, token);
      checkOption(column, token.text, token);
      return Number(token.text);
    case 'choices':
      if (token.kind !== 'string') throw mismatch(column, token);
      return optionSet(column, token);
    case 'boolean':
      if (token.kind !== 'word' || (token.text !== 'true' && token.text !== 'false')) throw mismatch(column, token);
      return token.text === 'true';
    case 'guid':
      if (token.kind !== 'guid') throw mismatch(column, token);
      return token.text.toLowerCase();
    case 'date':
    case 'datetime': {
      // A datetime compared with a date-only column counts by its UTC day, as a date literal would.
      if (token.kind !== 'date' && token.kind !== 'datetime') throw mismatch(column, token);
      const ms = token.kind === 'date' ? dateMs(token.text) : Date.parse(token.text);
      if (Number.isNaN(ms)) throw new ODataFilterProblem(`${token.raw} at position ${token.position} is not a valid ${token.kind}`);
      return column.kind === 'date' ? Math.floor(ms / 86_400_000) * 86_400_000 : ms;
    }
  }
}

/**
 * One value of Microsoft.Dynamics.CRM.In's PropertyValues: documented as a collection of strings
 * (['1','2']), so quoted text is read as the column's type; the unquoted literal is taken too.
 */
export function listItemValue(column: Column, token: Token): FilterValue {
  if (token.kind === 'word' && token.text === 'null') {
    throw new ODataFilterProblem(`null cannot be one of the values at position ${token.position}: use ${column.name} eq null, joined with or`);
  }
  if (token.kind !== 'string' || column.kind === 'text' || column.kind === 'choices') return literalValue(column, token);
  // The quoted text is read as the literal it spells ('100000001' as 100000001), and must be exactly one.
  let inner: Token[];
  try {
    inner = tokenize(token.text);
  } catch {
    throw mismatch(column, token);
  }
  if (inner.length !== 1 || inner[0].kind === 'string') throw mismatch(column, token);
  return literalValue(column, { ...inner[0], raw: token.raw, position: token.position });
}
