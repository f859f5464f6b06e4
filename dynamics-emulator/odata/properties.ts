import type { ColumnDef, FieldValue, Row, TableDef } from '../schema/types';
import { isLookup } from '../store';
import { ODataQueryError } from './query-error';

/** The Edm type a column travels as, for error messages that read like Dataverse's. */
export function edmType(column: ColumnDef): string {
  switch (column.type) {
    case 'Integer': case 'Picklist': case 'State': case 'Status': return 'Edm.Int32';
    case 'BigInt': return 'Edm.Int64';
    case 'Decimal': case 'Money': return 'Edm.Decimal';
    case 'Boolean': return 'Edm.Boolean';
    case 'DateTime': return column.dateOnly ? 'Edm.Date' : 'Edm.DateTimeOffset';
    case 'Uniqueidentifier': case 'Lookup': case 'Owner': case 'Customer': return 'Edm.Guid';
    default: return 'Edm.String';
  }
}

export function isLookupColumn(column: ColumnDef): boolean {
  return column.type === 'Lookup' || column.type === 'Owner' || column.type === 'Customer';
}

/** The property name a column has on the wire: lookups are `_name_value`. */
export function wireName(column: ColumnDef): string {
  return isLookupColumn(column) ? `_${column.logicalName}_value` : column.logicalName;
}

/** Resolves a $select/$filter/$orderby property; lookups must be named `_x_value`, as in Dataverse. */
export function resolveProperty(table: TableDef, name: string): ColumnDef {
  const lookup = /^_(.+)_value$/.exec(name);
  const column = table.columns.find((c) => c.logicalName === (lookup ? lookup[1] : name));
  if (!column || (lookup ? !isLookupColumn(column) : isLookupColumn(column))) {
    throw new ODataQueryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${table.logicalName}'.`);
  }
  return column;
}

/** A row's value as queries compare it: lookups as their id. */
export function comparable(row: Row, column: ColumnDef): string | number | boolean | null {
  const value: FieldValue | undefined = row[column.logicalName];
  if (value === undefined || value === null) return null;
  return isLookup(value) ? value.id : value;
}

/** Orders like SQL Server: nulls first ascending, strings without regard to case. */
export function compareValues(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
