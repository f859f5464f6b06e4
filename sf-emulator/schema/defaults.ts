import type { FieldValue, ObjectDef } from './types';

/** What Salesforce fills in on create when a field is left out: unchecked boxes, picklist defaults, the creator as owner. */
export function applyCreateDefaults(object: ObjectDef, fields: Record<string, FieldValue | undefined>, userId: string): void {
  for (const field of object.fields) {
    if (fields[field.name] !== undefined || !field.createable) continue;
    if (field.type === 'boolean') fields[field.name] = false;
    const preset = field.picklistValues.find((p) => p.defaultValue);
    if (preset) fields[field.name] = preset.value;
    if (field.name === 'OwnerId') fields.OwnerId = userId;
  }
}
