/**
 * The fields a segment may name and how each is compared. The caller builds the catalog from the
 * connector's describe results and the connection's mapping; segments never call the CRM.
 */
import type { CrmFieldDescribe } from '../crm/connector';
import type { FieldType } from '../mapping/field-types';
import { STANDARD_FIELD_TYPES } from '../mapping/field-types';
import type { ConnectionMapping } from '../mapping/mapping';
import { SEGMENT_OBJECT_WORDS, type SegmentObjectWord, type SegmentSchema } from './segment-schema';
import { BEHAVIOR_SCORE_FIELD, type PersonConditionObject, type WhereObject } from './query';

export type CatalogCrmField = Pick<CrmFieldDescribe, 'name' | 'type'> & Partial<Pick<CrmFieldDescribe, 'label' | 'picklistValues' | 'picklistLabels' | 'compound'>>;
export interface CatalogMarketingField {
  name: string;
  type: FieldType;
}

/** The object words a catalog describes, role names (segment-schema.ts says which CRM object each reads); `Owner` conditions read `User`. */
export const CATALOG_CRM_OBJECTS = SEGMENT_OBJECT_WORDS;
export type CatalogCrmObject = SegmentObjectWord;

/** The fields of each object word, the mapped marketing fields, and where the words live in the connection's CRM. */
export type SegmentFieldCatalog = Record<CatalogCrmObject, CatalogCrmField[]> & { Marketing: CatalogMarketingField[]; schema: SegmentSchema };

/** How values of a field are compared (query.ts documents each). */
export type FieldKind = 'text' | 'picklist' | 'multipicklist' | 'multitext' | 'id' | 'number' | 'boolean' | 'date' | 'datetime';

/** Where a value lives: CRM records write datetimes with '+0000', marketing values with 'Z'. */
export type ValueStore = 'crm' | 'marketing';

export interface ResolvedField {
  kind: FieldKind;
  store: ValueStore;
  /** The catalog object the field was found on (a Member field: Lead or Contact). */
  object: CatalogCrmObject | 'Marketing';
  /** The canonical field name (CRM API name or marketing field name). */
  name: string;
  /** e.g. "Contact.AccountId" or "Marketing.score", for messages. */
  label: string;
}

const CRM_TYPE_KINDS: Record<string, FieldKind> = {
  string: 'text',
  textarea: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  combobox: 'text',
  encryptedstring: 'text',
  picklist: 'picklist',
  multipicklist: 'multipicklist',
  id: 'id',
  reference: 'id',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  double: 'number',
  currency: 'number',
  int: 'number',
  long: 'number',
  percent: 'number',
};

const MARKETING_TYPE_KINDS: Record<FieldType, FieldKind> = {
  Text: 'text',
  Email: 'text',
  Number: 'number',
  Score: 'number',
  Boolean: 'boolean',
  Date: 'date',
  Datetime: 'datetime',
  MultiText: 'multitext',
};

/** Field names become MongoDB paths (`fields.<name>`, `values.<name>`): dots and `$` would change their meaning. */
const SAFE_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export type FieldLookup =
  | { ok: true; fields: ResolvedField[] }
  | { ok: false; message: string };

/** Which catalog objects a condition's `object` reads (Member reads both Lead and Contact). */
export function catalogObjectsOf(object: PersonConditionObject | WhereObject): CatalogCrmObject[] | 'Marketing' {
  switch (object) {
    case 'Member':
      return ['Lead', 'Contact'];
    case 'Marketing':
      return 'Marketing';
    case 'Owner':
      return ['User'];
    default:
      return [object];
  }
}

/**
 * The field a condition names, once per CRM object that has it (a Member field may exist on Lead,
 * Contact or both). Names are matched exactly; a different spelling gets a "did you mean".
 */
export function resolveField(catalog: SegmentFieldCatalog, object: PersonConditionObject | WhereObject, field: string): FieldLookup {
  const objects = catalogObjectsOf(object);
  if (objects === 'Marketing') return resolveMarketingField(catalog, field);
  const found: ResolvedField[] = [];
  const unsupported: string[] = [];
  let didYouMean: string | undefined;
  for (const crmObject of objects) {
    for (const described of catalog[crmObject] ?? []) {
      if (described.name !== field) {
        if (described.name.toLowerCase() === field.toLowerCase()) didYouMean = described.name;
        continue;
      }
      const kind = Object.prototype.hasOwnProperty.call(CRM_TYPE_KINDS, described.type) ? CRM_TYPE_KINDS[described.type] : undefined;
      if (!kind || described.compound || !SAFE_FIELD_NAME.test(described.name)) unsupported.push(`${crmObject}.${described.name} (${described.type})`);
      else found.push({ kind, store: 'crm', object: crmObject, name: described.name, label: `${crmObject}.${described.name}` });
    }
  }
  if (found.length > 0) return { ok: true, fields: found };
  if (unsupported.length > 0) return { ok: false, message: `segments cannot filter on ${unsupported.join(' or ')}` };
  const where = objects.join(' or ');
  return { ok: false, message: `${where} has no field ${quote(field)}${didYouMean ? `; did you mean '${didYouMean}'?` : ''}` };
}

function resolveMarketingField(catalog: SegmentFieldCatalog, field: string): FieldLookup {
  if (field === BEHAVIOR_SCORE_FIELD) return { ok: true, fields: [{ kind: 'number', store: 'marketing', object: 'Marketing', name: field, label: `Marketing.${field}` }] };
  const described = (catalog.Marketing ?? []).find((f) => f.name === field);
  if (described && SAFE_FIELD_NAME.test(described.name) && Object.prototype.hasOwnProperty.call(MARKETING_TYPE_KINDS, described.type)) {
    return { ok: true, fields: [{ kind: MARKETING_TYPE_KINDS[described.type], store: 'marketing', object: 'Marketing', name: field, label: `Marketing.${field}` }] };
  }
  const near = (catalog.Marketing ?? []).find((f) => f.name.toLowerCase() === field.toLowerCase());
  return { ok: false, message: `no marketing field ${quote(field)} is mapped${near ? `; did you mean '${near.name}'?` : ''}` };
}

/** A user-supplied string in a message: quoted and cut short, so a hostile body cannot bloat the 400. */
export function quote(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
}

/**
 * The catalog for a connection: describe results per CRM object and the marketing fields the mapping
 * fills (standard fields with their implied types, custom fields with theirs).
 */
export function buildSegmentFieldCatalog(
  describes: Partial<Record<CatalogCrmObject, CatalogCrmField[]>>,
  mapping: Pick<ConnectionMapping, 'entries'> | null,
  schema: SegmentSchema,
): SegmentFieldCatalog {
  const marketing = new Map<string, CatalogMarketingField>();
  for (const entry of mapping?.entries ?? []) {
    const target = entry.target;
    const field: CatalogMarketingField =
      target.kind === 'standard' ? { name: target.field, type: STANDARD_FIELD_TYPES[target.field] } : { name: target.name, type: target.type };
    if (!marketing.has(field.name)) marketing.set(field.name, field);
  }
  const catalog = { Marketing: [...marketing.values()], schema } as SegmentFieldCatalog;
  for (const object of CATALOG_CRM_OBJECTS) catalog[object] = describes[object] ?? [];
  return catalog;
}
