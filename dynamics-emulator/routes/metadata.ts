import type { EmulatorContext } from '../context';
import { API_PATH } from '../context';
import { DataverseError, ErrorCodes, resourceNotFound } from '../errors';
import type { FilterNode } from '../odata/filter-ast';
import { parseFilter } from '../odata/filter-parser';
import { ODataQueryError } from '../odata/query-error';
import { stableGuid } from '../odata/stable-guid';
import { TABLES, tableByLogicalName } from '../schema/tables';
import type { ColumnDef, TableDef } from '../schema/types';
import { jsonResponse, type ApiRequest, type ApiResponse } from './api-request';

type Json = Record<string, unknown>;

const label = (text: string) => {
  const localized = { Label: text, LanguageCode: 1033, IsManaged: false, MetadataId: stableGuid(`label:${text}`), HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
};

/** The derived AttributeMetadata type each column is, and its AttributeTypeName. */
function metadataType(column: ColumnDef): { odataType: string; typeName: string } {
  if (column.multiSelect) return { odataType: 'MultiSelectPicklistAttributeMetadata', typeName: 'MultiSelectPicklistType' };
  const byType: Record<string, [string, string]> = {
    Uniqueidentifier: ['UniqueIdentifierAttributeMetadata', 'UniqueidentifierType'], String: ['StringAttributeMetadata', 'StringType'],
    Memo: ['MemoAttributeMetadata', 'MemoType'], Integer: ['IntegerAttributeMetadata', 'IntegerType'], BigInt: ['BigIntAttributeMetadata', 'BigIntType'],
    Decimal: ['DecimalAttributeMetadata', 'DecimalType'], Money: ['MoneyAttributeMetadata', 'MoneyType'], Boolean: ['BooleanAttributeMetadata', 'BooleanType'],
    Picklist: ['PicklistAttributeMetadata', 'PicklistType'], State: ['StateAttributeMetadata', 'StateType'], Status: ['StatusAttributeMetadata', 'StatusType'],
    DateTime: ['DateTimeAttributeMetadata', 'DateTimeType'], Lookup: ['LookupAttributeMetadata', 'LookupType'], Owner: ['LookupAttributeMetadata', 'OwnerType'],
    Customer: ['LookupAttributeMetadata', 'CustomerType'],
  };
  const [odataType, typeName] = byType[column.type];
  return { odataType, typeName };
}

function optionSet(table: TableDef, column: ColumnDef): Json | undefined {
  const base = { MetadataId: stableGuid(`optionset:${table.logicalName}.${column.logicalName}`), IsGlobal: false, Name: `${table.logicalName}_${column.logicalName}`, IsCustomOptionSet: column.isCustom };
  if (column.type === 'Boolean' && column.booleanLabels) {
    return { ...base, OptionSetType: 'Boolean', TrueOption: { Value: 1, Label: label(column.booleanLabels.true) }, FalseOption: { Value: 0, Label: label(column.booleanLabels.false) } };
  }
  if (!column.options) return undefined;
  const type = column.type === 'State' ? 'State' : column.type === 'Status' ? 'Status' : 'Picklist';
  return { ...base, OptionSetType: type, Options: column.options.map((o) => ({ Value: o.value, Label: label(o.label), ...(type === 'Status' ? { State: o.value <= 1 ? 0 : 1 } : {}) })) };
}

/** One column as EntityDefinitions(…)/Attributes describes it; OptionSet only when $expand asks for it. */
function attributeMetadata(table: TableDef, column: ColumnDef, expandOptionSet: boolean): Json {
  const { odataType, typeName } = metadataType(column);
  const out: Json = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${odataType}`,
    MetadataId: stableGuid(`attribute:${table.logicalName}.${column.logicalName}`),
    LogicalName: column.logicalName,
    SchemaName: column.schemaName,
    EntityLogicalName: table.logicalName,
    AttributeType: column.type,
    AttributeTypeName: { Value: typeName },
    DisplayName: label(column.displayName),
    IsCustomAttribute: column.isCustom,
    IsPrimaryId: column.logicalName === table.primaryId,
    IsPrimaryName: column.logicalName === table.primaryName,
    IsValidForCreate: column.validForCreate,
    IsValidForUpdate: column.validForUpdate,
    IsValidForRead: true,
    RequiredLevel: { Value: column.requiredLevel, CanBeChanged: !column.logicalName.endsWith('id'), ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings' },
  };
  if (!['Uniqueidentifier', 'Lookup', 'Owner', 'Customer', 'State', 'Status'].includes(column.type)) out.SourceType = column.sourceType;
  if (column.maxLength !== undefined) out.MaxLength = column.maxLength;
  if (column.type === 'String') out.Format = column.format ?? 'Text';
  if (column.type === 'DateTime') Object.assign(out, { Format: column.dateOnly ? 'DateOnly' : 'DateAndTime', DateTimeBehavior: { Value: column.dateOnly ? 'DateOnly' : 'UserLocal' } });
  if (column.targets) out.Targets = column.targets;
  if (expandOptionSet) {
    const set = optionSet(table, column);
    if (set) Object.assign(out, { OptionSet: set, GlobalOptionSet: null });
  }
  return out;
}

function entityMetadata(ctx: EmulatorContext, table: TableDef): Json {
  return {
    MetadataId: stableGuid(`entity:${table.logicalName}`),
    LogicalName: table.logicalName,
    SchemaName: table.logicalName.charAt(0).toUpperCase() + table.logicalName.slice(1),
    EntitySetName: table.entitySetName,
    LogicalCollectionName: table.entitySetName,
    PrimaryIdAttribute: table.primaryId,
    PrimaryNameAttribute: table.primaryName,
    ObjectTypeCode: TABLES.indexOf(table) + 1,
    DisplayName: label(table.displayName),
    ChangeTrackingEnabled: ctx.store.isChangeTracked(table.logicalName),
    IsCustomEntity: false,
  };
}

/** Applies the $filter subset to metadata objects by property name (LogicalName eq 'contact', AttributeType eq 'Picklist', …). */
function matchesPlain(node: FilterNode, item: Json): boolean {
  switch (node.kind) {
    case 'and': return matchesPlain(node.left, item) && matchesPlain(node.right, item);
    case 'or': return matchesPlain(node.left, item) || matchesPlain(node.right, item);
    case 'not': return !matchesPlain(node.expr, item);
    case 'function': return typeof item[node.property] === 'string' && (item[node.property] as string).toLowerCase().includes(node.value.toLowerCase());
    case 'compare': {
      const value = item[node.property];
      if (node.op === 'eq') return value === node.value.value;
      if (node.op === 'ne') return value !== node.value.value;
      throw new ODataQueryError(`Metadata queries support only eq and ne; got '${node.op}'.`);
    }
  }
}

function shape(items: Json[], query: Record<string, string>): Json[] {
  const filter = query.$filter ? parseFilter(query.$filter) : undefined;
  const chosen = filter ? items.filter((i) => matchesPlain(filter, i)) : items;
  if (!query.$select) return chosen;
  const keep = new Set(['@odata.type', 'MetadataId', 'OptionSet', 'GlobalOptionSet', ...query.$select.split(',').map((s) => s.trim())]);
  return chosen.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => keep.has(k))));
}

/** `LogicalName='contact'` or a MetadataId. */
function findTable(key: string): TableDef {
  const byName = /^LogicalName='([^']+)'$/.exec(key)?.[1];
  const table = byName ? tableByLogicalName(byName) : TABLES.find((t) => stableGuid(`entity:${t.logicalName}`) === key.toLowerCase());
  if (!table) throw new DataverseError(404, ErrorCodes.ObjectDoesNotExist, `Could not find entity with key '${key}'.`);
  return table;
}

/**
 * EntityDefinitions, EntityDefinitions(key), …/Attributes, …/Attributes(LogicalName='x'), each optionally
 * cast to a derived type (`/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`), with $select, $filter and $expand=OptionSet.
 */
export function metadata(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  const base = `${req.baseUrl}${API_PATH}/$metadata#EntityDefinitions`;
  const segments = req.path.split('/');
  const entity = /^EntityDefinitions(?:\((.+)\))?$/.exec(segments[0]);
  if (!entity) throw resourceNotFound(segments[0]);
  if (!entity[1]) {
    if (segments.length > 1) throw resourceNotFound(segments[1]);
    return jsonResponse(200, { '@odata.context': base, value: shape(TABLES.map((t) => entityMetadata(ctx, t)), req.query) });
  }
  const table = findTable(entity[1]);
  if (segments.length === 1) return jsonResponse(200, { '@odata.context': `${base}/$entity`, ...shape([entityMetadata(ctx, table)], req.query)[0] });
  const attributes = /^Attributes(?:\(LogicalName='([^']+)'\)|\(([0-9a-f-]{36})\))?$/i.exec(segments[1]);
  if (!attributes) throw resourceNotFound(segments[1]);
  const cast = segments[2]?.replace(/^Microsoft\.Dynamics\.CRM\./, '');
  if (segments[2] && !cast?.endsWith('AttributeMetadata')) throw resourceNotFound(segments[2]);
  const expand = (req.query.$expand ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (expand.some((e) => e !== 'OptionSet' && e !== 'GlobalOptionSet')) throw new ODataQueryError(`Only $expand=OptionSet is supported on attribute metadata by this emulator.`);
  const describe = (c: ColumnDef) => attributeMetadata(table, c, expand.includes('OptionSet'));
  const fitsCast = (item: Json) => !cast || item['@odata.type'] === `#Microsoft.Dynamics.CRM.${cast}`;
  const key = attributes[1] ?? attributes[2];
  if (key) {
    const column = table.columns.find((c) => c.logicalName === key || stableGuid(`attribute:${table.logicalName}.${c.logicalName}`) === key.toLowerCase());
    const item = column && describe(column);
    if (!item || !fitsCast(item)) throw new DataverseError(404, ErrorCodes.ObjectDoesNotExist, `Could not find attribute with key '${key}' on entity '${table.logicalName}'.`);
    return jsonResponse(200, { '@odata.context': `${base}(${entity[1]})/Attributes/$entity`, ...shape([item], req.query)[0] });
  }
  const items = table.columns.map(describe).filter(fitsCast);
  return jsonResponse(200, { '@odata.context': `${base}(${entity[1]})/Attributes${cast ? `/Microsoft.Dynamics.CRM.${cast}` : ''}`, value: shape(items, req.query) });
}
