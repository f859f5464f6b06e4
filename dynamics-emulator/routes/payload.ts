import { DataverseError, ErrorCodes, recordNotFound } from '../errors';
import { isLookupColumn } from '../odata/properties';
import { tableByEntitySet } from '../schema/tables';
import type { ColumnDef, FieldValue, TableDef } from '../schema/types';
import type { DataverseStore } from '../store';

type Fields = Record<string, FieldValue>;

function payloadError(table: TableDef, detail: string): DataverseError {
  return new DataverseError(400, ErrorCodes.PayloadError, `Error identified in Payload provided by the user for Entity :'${table.entitySetName}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: ${detail}`);
}

/** `/accounts(guid)` or an absolute URL ending so → the row it names, which must exist. */
function bindTarget(store: DataverseStore, table: TableDef, column: ColumnDef, target: string | undefined, value: unknown): FieldValue {
  if (typeof value !== 'string') throw payloadError(table, `An @odata.bind value for '${column.logicalName}' must be an entity URL.`);
  const match = /\/?([A-Za-z_]+)\(([0-9a-fA-F-]{36})\)$/.exec(value);
  const targetTable = match ? tableByEntitySet(match[1]) : undefined;
  if (!match || !targetTable || !(column.targets ?? []).includes(targetTable.logicalName) || (target && target !== targetTable.logicalName)) {
    throw payloadError(table, `The @odata.bind value '${value}' does not name a ${(column.targets ?? []).join(' or ')} record.`);
  }
  const id = match[2].toLowerCase();
  if (!store.get(targetTable.logicalName, id)) throw recordNotFound(targetTable.logicalName, id);
  return { id, table: targetTable.logicalName };
}

/** The navigation property a lookup is bound through: `parentcustomerid_account`, `ownerid`, `parentcontactid`. */
function navigationColumn(table: TableDef, navigation: string): { column: ColumnDef; target?: string } | undefined {
  for (const column of table.columns.filter(isLookupColumn)) {
    if (column.logicalName === navigation && (column.targets ?? []).length === 1) return { column };
    for (const target of column.targets ?? []) if (navigation === `${column.logicalName}_${target}`) return { column, target };
  }
  return undefined;
}

function checkValue(table: TableDef, column: ColumnDef, value: unknown): FieldValue {
  if (value === null) return null;
  const wrongType = (edm: string) => payloadError(table, `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${edm}'.`);
  const outOfRange = () => new DataverseError(400, ErrorCodes.InvalidArgument, `A validation error occurred. The value ${String(value)} of '${column.logicalName}' on record of type '${table.logicalName}' is outside the valid range.`);
  switch (column.type) {
    case 'String': case 'Memo': {
      if (typeof value !== 'string') throw wrongType('Edm.String');
      if (column.maxLength && value.length > column.maxLength) {
        throw new DataverseError(400, '0x80044331', `A validation error occurred. The length of the '${column.logicalName}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${column.maxLength}'.`);
      }
      return value;
    }
    case 'Integer': case 'BigInt':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('Edm.Int32');
      return value;
    case 'Decimal': case 'Money':
      if (typeof value !== 'number') throw wrongType('Edm.Decimal');
      return value;
    case 'Boolean':
      if (typeof value !== 'boolean') throw wrongType('Edm.Boolean');
      return value;
    case 'Picklist': case 'State': case 'Status':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('Edm.Int32');
      if (!column.options?.some((o) => o.value === value)) throw outOfRange();
      return value;
    case 'Virtual':
      if (typeof value !== 'string') throw wrongType('Edm.String');
      if (value.split(',').some((v) => !column.options?.some((o) => o.value === Number(v)))) throw outOfRange();
      return value;
    case 'DateTime': {
      const ok = typeof value === 'string' && (column.dateOnly ? /^\d{4}-\d{2}-\d{2}$/.test(value) : !Number.isNaN(Date.parse(value)) && /T/.test(value));
      if (!ok) throw wrongType(column.dateOnly ? 'Edm.Date' : 'Edm.DateTimeOffset');
      return column.dateOnly ? (value as string) : `${new Date(value as string).toISOString().slice(0, 19)}Z`;
    }
    default:
      throw payloadError(table, `The property '${column.logicalName}' cannot be set directly.`);
  }
}

/**
 * Turns a create/update body into store fields: plain columns by logical name (type- and range-checked),
 * lookups only through `nav@odata.bind`. Columns that are not valid for the operation (calculated,
 * rollup, system) are refused rather than silently dropped, so a connector bug shows.
 */
export function parsePayload(store: DataverseStore, table: TableDef, body: unknown, operation: 'create' | 'update'): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw payloadError(table, 'The request body must be a JSON object.');
  const fields: Fields = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.') || key.includes('@OData.Community') || key.includes('@Microsoft.Dynamics')) continue;
    if (key.endsWith('@odata.bind')) {
      const nav = navigationColumn(table, key.slice(0, -'@odata.bind'.length));
      if (!nav) throw new DataverseError(400, ErrorCodes.QueryError, `An undeclared property '${key.slice(0, -11)}' which only has property annotations in the payload but no property value was found in the payload.`);
      fields[nav.column.logicalName] = bindTarget(store, table, nav.column, nav.target, value);
      continue;
    }
    const column = table.columns.find((c) => c.logicalName === key && !isLookupColumn(c));
    if (!column) {
      throw new DataverseError(400, ErrorCodes.QueryError, `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${table.logicalName}'. Make sure to only use property names that are defined by the type.`);
    }
    if (key === table.primaryId && operation === 'create') continue;
    if (operation === 'create' ? !column.validForCreate : !column.validForUpdate) {
      throw new DataverseError(400, ErrorCodes.InvalidArgument, `Field '${key}' of entity '${table.logicalName}' is not valid for ${operation}.`);
    }
    fields[key] = checkValue(table, column, value);
  }
  return fields;
}
