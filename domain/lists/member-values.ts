/**
 * The values a list keeps per member, and how they compare with and travel to the CRM. Members hold
 * JSON-friendly values: dates as 'YYYY-MM-DD', datetimes as ISO-8601 with Z, multi-text as arrays,
 * so exports, segments and pushes read them without knowing mongoose's Date handling.
 */
import type { CrmFieldValue } from '../crm/connector';
import type { FieldType } from '../mapping/field-types';
import { targetName, targetType, type ConnectionMapping, type CrmObject, type FieldMappingEntry } from '../mapping/mapping';

/** Every marketing field the mapping fills (from Lead or Contact), with its type, in mapping order. */
export function mappedMarketingFields(mapping: ConnectionMapping): Map<string, FieldType> {
  const fields = new Map<string, FieldType>();
  for (const entry of mapping.entries) {
    const name = targetName(entry.target);
    if (!fields.has(name)) fields.set(name, targetType(entry.target));
  }
  return fields;
}

/** The mapping entry that fills a marketing field for one CRM object, if any. */
export function entryFor(mapping: ConnectionMapping, crmObject: CrmObject, field: string): FieldMappingEntry | undefined {
  return mapping.entries.find((e) => e.crmObject === crmObject && targetName(e.target) === field);
}

/** A contact-view value (coerced: Date objects for dates) as the list stores it. */
export function toMemberValue(type: FieldType | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return type === 'Date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return [...value];
  return value;
}

/** Equality as a push sees it: null and missing are the same, arrays compare item by item. */
export function sameMemberValue(a: unknown, b: unknown): boolean {
  const left = a === undefined ? null : a;
  const right = b === undefined ? null : b;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((v, i) => sameMemberValue(v, right[i]));
  if (left instanceof Date || right instanceof Date) return toMemberValue('Datetime', left) === toMemberValue('Datetime', right);
  return left === right;
}

/** A member value in the form the CRM field takes (multi-select picklists join with ';'). */
export function toCrmValue(type: FieldType, value: unknown): CrmFieldValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'Score':
    case 'Number':
      return typeof value === 'number' ? value : Number(value);
    case 'Boolean':
      return Boolean(value);
    case 'MultiText':
      return Array.isArray(value) ? value.join(';') : String(value);
    case 'Date':
      return String(value).slice(0, 10);
    default:
      return String(value);
  }
}
