import { SfApiError } from '../errors';
import { findField, findRelationship, relationshipTarget, type FieldDef, type FieldValue, type ObjectDef, type SfRecord } from '../schema';
import type { OrgStore } from '../store';

/** A field reached from the queried object, possibly through parent relationships (`Account.Owner.Email`). */
export interface FieldPath {
  /** The lookup fields walked, outermost first; empty for a field of the queried object. */
  steps: FieldDef[];
  field: FieldDef;
  /** Canonical names as Salesforce returns them: relationship names, then the field name. */
  names: string[];
}

export function noSuchColumn(name: string, object: ObjectDef): SfApiError {
  return new SfApiError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** Resolves `a.b.c` against the schema; `alias` is the optional object alias of `FROM Contact c`. */
export function resolvePath(root: ObjectDef, rawPath: string, alias?: string): FieldPath {
  let parts = rawPath.split('.');
  if (parts.length > 1 && alias && parts[0].toLowerCase() === alias.toLowerCase()) parts = parts.slice(1);
  if (parts.length > 1 && parts[0].toLowerCase() === root.name.toLowerCase() && !findRelationship(root, parts[0])) parts = parts.slice(1);
  const steps: FieldDef[] = [];
  const names: string[] = [];
  let object = root;
  for (const relationship of parts.slice(0, -1)) {
    const step = findRelationship(object, relationship);
    const target = step && relationshipTarget(step);
    if (!step || !target) {
      throw new SfApiError(
        400,
        'INVALID_FIELD',
        `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    steps.push(step);
    names.push(step.relationshipName as string);
    object = target;
  }
  const leaf = parts[parts.length - 1];
  const field = findField(object, leaf);
  if (!field) throw noSuchColumn(leaf, object);
  names.push(field.name);
  return { steps, field, names };
}

export function readField(record: SfRecord, field: FieldDef, nowMs: number): FieldValue {
  if (field.compute) return field.compute(record, nowMs);
  const value = record[field.name];
  return value === undefined ? null : value;
}

/** Follows one lookup; a lookup to a deleted or missing record reads as empty, as Salesforce clears it. */
export function readParent(store: OrgStore, record: SfRecord, step: FieldDef): SfRecord | undefined {
  const id = record[step.name];
  if (typeof id !== 'string') return undefined;
  const parent = store.getById(id);
  return parent && !parent.IsDeleted ? parent : undefined;
}

export function readPath(store: OrgStore, record: SfRecord, path: FieldPath, nowMs: number): FieldValue {
  let current: SfRecord | undefined = record;
  for (const step of path.steps) {
    current = readParent(store, current, step);
    if (!current) return null;
  }
  return readField(current, path.field, nowMs);
}
