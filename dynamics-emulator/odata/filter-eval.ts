import type { ColumnDef, Row, TableDef } from '../schema/types';
import type { FilterNode, Literal } from './filter-ast';
import { comparable, compareValues, edmType, resolveProperty } from './properties';
import { ODataQueryError } from './query-error';

const LITERAL_EDM: Record<Literal['type'], string> = {
  null: 'null', string: 'Edm.String', number: 'Edm.Int32', boolean: 'Edm.Boolean', datetime: 'Edm.DateTimeOffset', date: 'Edm.Date', guid: 'Edm.Guid',
};

function literalFits(column: ColumnDef, literal: Literal): boolean {
  if (literal.type === 'null') return true;
  const edm = edmType(column);
  if (edm === 'Edm.String') return literal.type === 'string';
  if (edm === 'Edm.Boolean') return literal.type === 'boolean';
  if (edm === 'Edm.Guid') return literal.type === 'guid';
  if (edm === 'Edm.Date' || edm === 'Edm.DateTimeOffset') return literal.type === 'datetime' || literal.type === 'date';
  return literal.type === 'number';
}

/** Checks every property and literal type against the table, so a bad filter fails before any row is read. */
export function checkFilter(table: TableDef, node: FilterNode): void {
  switch (node.kind) {
    case 'and': case 'or': checkFilter(table, node.left); checkFilter(table, node.right); return;
    case 'not': checkFilter(table, node.expr); return;
    case 'function': {
      const column = resolveProperty(table, node.property);
      if (edmType(column) !== 'Edm.String') throw new ODataQueryError(`The function '${node.name}' cannot be applied to '${node.property}' of type '${edmType(column)}'.`);
      return;
    }
    case 'compare': {
      const column = resolveProperty(table, node.property);
      if (!literalFits(column, node.value)) {
        throw new ODataQueryError(`A binary operator with incompatible types was detected. Found operand types '${edmType(column)}' and '${LITERAL_EDM[node.value.type]}' for operator kind '${node.op}'.`);
      }
    }
  }
}

function literalValue(column: ColumnDef, literal: Literal): string | number | boolean | null {
  if (literal.type === 'datetime') return column.dateOnly ? literal.value.slice(0, 10) : new Date(literal.value).getTime();
  if (literal.type === 'date' && !column.dateOnly) return new Date(`${literal.value}T00:00:00Z`).getTime();
  return literal.value;
}

function rowValue(row: Row, column: ColumnDef): string | number | boolean | null {
  const value = comparable(row, column);
  return value !== null && column.type === 'DateTime' && !column.dateOnly ? new Date(value as string).getTime() : value;
}

/**
 * Evaluates a checked filter on one row. Comparisons with an empty column are false except `ne`
 * against a value (SQL semantics: `x ne 'a'` leaves out rows where x is empty); strings compare
 * without regard to case, as Dataverse's collation does.
 */
export function matchesFilter(table: TableDef, node: FilterNode, row: Row): boolean {
  switch (node.kind) {
    case 'and': return matchesFilter(table, node.left, row) && matchesFilter(table, node.right, row);
    case 'or': return matchesFilter(table, node.left, row) || matchesFilter(table, node.right, row);
    case 'not': return !matchesFilter(table, node.expr, row);
    case 'function': {
      const value = comparable(row, resolveProperty(table, node.property));
      if (typeof value !== 'string') return false;
      const [haystack, needle] = [value.toLowerCase(), node.value.toLowerCase()];
      return node.name === 'contains' ? haystack.includes(needle) : node.name === 'startswith' ? haystack.startsWith(needle) : haystack.endsWith(needle);
    }
    case 'compare': {
      const column = resolveProperty(table, node.property);
      const left = rowValue(row, column);
      if (node.value.type === 'null') return node.op === 'eq' ? left === null : node.op === 'ne' ? left !== null : false;
      if (left === null) return false;
      const order = compareValues(left, literalValue(column, node.value));
      switch (node.op) {
        case 'eq': return order === 0;
        case 'ne': return order !== 0;
        case 'gt': return order > 0;
        case 'ge': return order >= 0;
        case 'lt': return order < 0;
        default: return order <= 0;
      }
    }
  }
}
