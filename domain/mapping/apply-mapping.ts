/**
 * Turns one pulled CRM record into marketing field values through the mapping.
 */
import { coerceValue } from './coerce';
import type { CoercedValue } from './field-types';
import { targetName, targetType, type ConnectionMapping, type CrmObject } from './mapping';

export interface MappingValueError {
  crmId: string;
  /** The CRM field the value came from, as named in the mapping. */
  field: string;
  /** The marketing field it was meant for (standard field or custom name). */
  target: string;
  rawValue: unknown;
  reason: string;
}

export interface MappedValues {
  /** Keyed by standard field name or custom field name. */
  values: Record<string, CoercedValue>;
  errors: MappingValueError[];
}

/** Finds a field by exact name first, then case-insensitively, since CRM API names ignore case. */
function readField(crmFields: Record<string, unknown>, name: string): { present: boolean; value?: unknown } {
  if (Object.prototype.hasOwnProperty.call(crmFields, name)) return { present: true, value: crmFields[name] };
  const lower = name.toLowerCase();
  const key = Object.keys(crmFields).find((k) => k.toLowerCase() === lower);
  return key === undefined ? { present: false } : { present: true, value: crmFields[key] };
}

/**
 * An uncoercible value becomes an error and its target is left out of `values`, so the stored
 * value is kept rather than blanked. A field absent from the record (not pulled, e.g. mapped after
 * the last full sync) is likewise left out: its value is unknown, which is not the same as empty.
 * An empty CRM value (null, '') is a real value and maps to null.
 */
export function applyMapping(mapping: ConnectionMapping, crmObject: CrmObject, crmFields: Record<string, unknown>, crmId: string): MappedValues {
  const values: Record<string, CoercedValue> = {};
  const errors: MappingValueError[] = [];
  for (const entry of mapping.entries) {
    if (entry.crmObject !== crmObject) continue;
    const field = readField(crmFields, entry.crmField);
    if (!field.present) continue;
    const target = targetName(entry.target);
    const result = coerceValue(targetType(entry.target), field.value);
    if (result.ok) values[target] = result.value;
    else errors.push({ crmId, field: entry.crmField, target, rawValue: field.value, reason: result.reason });
  }
  return { values, errors };
}
