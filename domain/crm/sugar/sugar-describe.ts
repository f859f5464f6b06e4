import type { CrmFieldDescribe, CrmObjectDescribe } from '../connector';
import { OPPORTUNITY_CONTACTS, TARGET_LIST_MEMBERS } from './sugar-model';

/** A vardef as `GET /metadata?type_filter=modules` serves it. */
export interface SugarVardef {
  name: string;
  vname?: string;
  type?: string;
  len?: number | string;
  required?: boolean;
  options?: string;
  isMultiSelect?: boolean;
  calculated?: boolean | string;
  formula?: string;
  readonly?: boolean;
  source?: string;
  module?: string;
  id_name?: string;
}

/** What `GET /lang/<language>` gives the describe: dropdown keys → labels, and field labels per module. */
export interface SugarLanguage {
  app_list_strings?: Record<string, Record<string, string> | string[] | string>;
  mod_strings?: Record<string, Record<string, string>>;
}

/**
 * Sugar field types in the words Salesforce's describe uses, which the mapping editor and the
 * segment catalog already understand (string, picklist, multipicklist, boolean, int, double,
 * currency, date, datetime, reference, id).
 */
const CORE_TYPES: Record<string, string> = {
  varchar: 'string',
  name: 'string',
  fullname: 'string',
  relate: 'string',
  text: 'textarea',
  email: 'email',
  phone: 'phone',
  url: 'url',
  int: 'int',
  decimal: 'double',
  float: 'double',
  currency: 'currency',
  bool: 'boolean',
  enum: 'picklist',
  radioenum: 'picklist',
  multienum: 'multipicklist',
  date: 'date',
  datetime: 'datetime',
  datetimecombo: 'datetime',
};

function coreType(def: SugarVardef): string {
  if (def.type === 'id') return def.name === 'id' ? 'id' : 'reference';
  if (def.name === 'email1') return 'email';
  if (def.type === 'enum' && def.isMultiSelect) return 'multipicklist';
  return CORE_TYPES[def.type ?? ''] ?? 'string';
}

/** A dropdown's keys (what records hold and pushes send) and labels; the empty key Sugar lists first is no value. */
function dropdown(list: unknown): Pick<CrmFieldDescribe, 'picklistValues' | 'picklistLabels'> {
  if (!list || typeof list !== 'object') return { picklistValues: [] };
  const entries = Array.isArray(list) ? list.map((v) => [String(v), String(v)] as const) : Object.entries(list).map(([k, v]) => [k, String(v)] as const);
  const options = entries.filter(([key]) => key !== '');
  const labels = Object.fromEntries(options.filter(([key, label]) => label !== key));
  return { picklistValues: options.map(([key]) => key), ...(Object.keys(labels).length > 0 ? { picklistLabels: Object.fromEntries(options) } : {}) };
}

/**
 * Whether a field's value can change without the record's date_modified moving: Sugar Logic fields
 * are recalculated on save (and flagged so), but relate names (`account_name`) follow the related
 * record. The core re-reads these only in a full sync or a calculated refresh.
 */
function isCalculated(def: SugarVardef): boolean {
  return def.calculated === true || def.calculated === 'true' || def.type === 'relate';
}

/**
 * Fields that are record data. Left out: links (read through /link), and the other non-db fields
 * Sugar composes per read from other records, such as a Target List's `entry_count` (its members,
 * which the membership object holds) or `opportunity_role` (shown only on contacts read through an
 * opportunity): a copy of them would go stale with no stamp to say so.
 */
function isRecordField(def: SugarVardef): boolean {
  if (def.type === 'link') return false;
  return def.source !== 'non-db' || def.type === 'relate' || def.type === 'fullname';
}

function describeField(module: string, def: SugarVardef, language: SugarLanguage): CrmFieldDescribe {
  const type = coreType(def);
  const calculated = isCalculated(def);
  const label = (def.vname && language.mod_strings?.[module]?.[def.vname]) || def.name;
  return {
    name: def.name,
    label,
    type,
    updateable: !def.readonly && !calculated && def.source !== 'non-db' && def.name !== 'id',
    calculated,
    compound: false,
    referenceTo: type === 'reference' && def.module ? [def.module] : [],
    ...(type === 'picklist' || type === 'multipicklist' ? dropdown(def.options ? language.app_list_strings?.[def.options] : undefined) : {}),
  };
}

/** A module's describe from its vardefs and the instance's language strings. */
export function toObjectDescribe(module: string, vardefs: Record<string, SugarVardef>, language: SugarLanguage, labels: { label: string }): CrmObjectDescribe {
  const fields = Object.values(vardefs).filter(isRecordField).map((def) => describeField(module, def, language));
  // Sugar soft-deletes: `deleted=true` reads deleted records back, like a recycle bin.
  return { name: module, label: labels.label, fields, tracksDeletes: true };
}

const field = (name: string, label: string, type: string, referenceTo: string[] = []): CrmFieldDescribe => ({ name, label, type, updateable: false, calculated: false, compound: false, referenceTo });

/** The link objects the connector composes (sugar-link-objects.ts): fixed fields, nothing to write. */
export const LINK_OBJECT_DESCRIBES: Record<string, CrmObjectDescribe> = {
  [TARGET_LIST_MEMBERS]: {
    name: TARGET_LIST_MEMBERS,
    label: 'Target List member',
    tracksDeletes: false,
    fields: [
      field('id', 'Member Id', 'id'),
      field('prospect_list_id', 'Target List', 'reference', ['ProspectLists']),
      field('related_id', 'Member', 'reference', ['Contacts', 'Leads']),
      { ...field('related_module', 'Member Type', 'picklist'), picklistValues: ['Contacts', 'Leads'] },
    ],
  },
  [OPPORTUNITY_CONTACTS]: {
    name: OPPORTUNITY_CONTACTS,
    label: 'Opportunity contact',
    tracksDeletes: false,
    fields: [
      field('id', 'Opportunity Contact Id', 'id'),
      field('opportunity_id', 'Opportunity', 'reference', ['Opportunities']),
      field('contact_id', 'Contact', 'reference', ['Contacts']),
      field('contact_role', 'Role', 'string'),
    ],
  },
};
