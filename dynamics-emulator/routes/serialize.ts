import { API_PATH } from '../context';
import { isLookupColumn, resolveProperty, wireName } from '../odata/properties';
import { ODataQueryError } from '../odata/query-error';
import { tableOf } from '../schema/tables';
import type { ColumnDef, Row, TableDef } from '../schema/types';
import { isLookup, type DataverseStore } from '../store';

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
const NAV_PROPERTY = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

/** Whether an odata.include-annotations pattern (`*`, `OData.Community.Display.V1.*`, or a name) asks for this annotation. */
export function wantsAnnotation(pattern: string | undefined, annotation: string): boolean {
  if (!pattern) return false;
  return pattern.split(',').some((p) => p === '*' || p === annotation || (p.endsWith('.*') && annotation.startsWith(p.slice(0, -1))));
}

/** The columns a $select names (validated), or every column when there is none; the primary id always comes back. */
export function selectedColumns(table: TableDef, select: string | undefined): ColumnDef[] {
  if (!select) return table.columns;
  const names = select.split(',').map((s) => s.trim()).filter(Boolean);
  const columns = names.map((name) => resolveProperty(table, name));
  const id = table.columns.find((c) => c.logicalName === table.primaryId) as ColumnDef;
  return columns.includes(id) ? columns : [...columns, id];
}

export function contextUrl(baseUrl: string, table: TableDef, select: string | undefined, suffix = ''): string {
  const projection = select ? `(${select.split(',').map((s) => s.trim()).join(',')})` : '';
  return `${baseUrl}${API_PATH}/$metadata#${table.entitySetName}${projection}${suffix}`;
}

export function entityUrl(baseUrl: string, table: TableDef, id: string): string {
  return `${baseUrl}${API_PATH}/${table.entitySetName}(${id})`;
}

export const etagOf = (row: Row): string => `W/"${row.versionnumber as number}"`;

function formattedChoice(column: ColumnDef, value: unknown): string | undefined {
  if (column.type === 'Boolean' && typeof value === 'boolean') return value ? column.booleanLabels?.true : column.booleanLabels?.false;
  if (column.multiSelect && typeof value === 'string') return value.split(',').map((v) => column.options?.find((o) => o.value === Number(v))?.label ?? v).join('; ');
  if (column.options && typeof value === 'number') return column.options.find((o) => o.value === value)?.label;
  return undefined;
}

/** A row as the Web API writes it: etag first, lookups as `_x_value`, annotations when the caller preferred them. */
export function toWire(store: DataverseStore, table: TableDef, row: Row, columns: ColumnDef[], annotations: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  for (const column of columns) {
    const value = row[column.logicalName] ?? null;
    const name = wireName(column);
    if (isLookupColumn(column)) {
      out[name] = isLookup(value) ? value.id : null;
      if (!isLookup(value)) continue;
      if (wantsAnnotation(annotations, FORMATTED)) {
        const target = tableOf(value.table);
        const name_ = store.get(target.logicalName, value.id)?.[target.primaryName];
        if (typeof name_ === 'string') out[`${name}@${FORMATTED}`] = name_;
      }
      if (wantsAnnotation(annotations, NAV_PROPERTY)) out[`${name}@${NAV_PROPERTY}`] = column.type === 'Customer' ? `${column.logicalName}_${value.table}` : column.logicalName;
      if (wantsAnnotation(annotations, LOOKUP_NAME)) out[`${name}@${LOOKUP_NAME}`] = value.table;
      continue;
    }
    out[name] = value;
    const formatted = wantsAnnotation(annotations, FORMATTED) ? formattedChoice(column, value) : undefined;
    if (formatted !== undefined) out[`${name}@${FORMATTED}`] = formatted;
  }
  return out;
}

/** `$orderby=modifiedon desc,lastname` → columns and directions, validated against the table. */
export function parseOrderBy(table: TableDef, orderby: string | undefined): Array<{ column: ColumnDef; desc: boolean }> {
  if (!orderby) return [];
  return orderby.split(',').map((part) => {
    const [name, direction, extra] = part.trim().split(/\s+/);
    if (extra || (direction && !/^(asc|desc)$/i.test(direction))) throw new ODataQueryError(`Syntax error in $orderby '${orderby}'.`);
    return { column: resolveProperty(table, name), desc: direction?.toLowerCase() === 'desc' };
  });
}
