import { accountObject } from './account';
import { campaignMemberObject, campaignObject } from './campaign';
import { contactObject } from './contact';
import { leadObject } from './lead';
import { opportunityContactRoleObject, opportunityObject } from './opportunity';
import type { FieldDef, ObjectDef } from './types';
import { userObject } from './user';

export type { FieldDef, FieldType, FieldValue, ObjectDef, PicklistValue, SfRecord } from './types';

export const OBJECTS: ObjectDef[] = [
  accountObject, contactObject, leadObject, userObject, opportunityObject, opportunityContactRoleObject, campaignObject, campaignMemberObject,
];

const byLowerName = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));
const byPrefix = new Map(OBJECTS.map((o) => [o.keyPrefix, o]));
const fieldIndex = new Map(OBJECTS.map((o) => [o.name, new Map(o.fields.map((f) => [f.name.toLowerCase(), f]))]));

/** sObject and field names are case-insensitive in the API; these return the canonical definition. */
export function findObject(name: string): ObjectDef | undefined {
  return byLowerName.get(name.toLowerCase());
}

export function objectForPrefix(prefix: string): ObjectDef | undefined {
  return byPrefix.get(prefix);
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  return fieldIndex.get(object.name)?.get(name.toLowerCase());
}

export function findRelationship(object: ObjectDef, relationshipName: string): FieldDef | undefined {
  const lower = relationshipName.toLowerCase();
  return object.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
}

/** Polymorphic lookups (Owner → Group|User) resolve to the first target this emulator stores. */
export function relationshipTarget(field: FieldDef): ObjectDef | undefined {
  for (const name of field.referenceTo) {
    const target = findObject(name);
    if (target) return target;
  }
  return undefined;
}
