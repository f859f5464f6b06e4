/**
 * Which CRM objects must be fully re-synced after a mapping change.
 *
 * An incremental sync only pulls records changed since the watermark, so a CRM field that was
 * never pulled would stay missing on every unchanged record: adding one forces a full sync of
 * its object. Removing a field or pointing an existing field at another target does not, because
 * the pulled CRM records already hold that field's values and can be re-mapped locally.
 */
import { CRM_OBJECTS, type ConnectionMapping, type CrmObject } from './mapping';

/** The CRM fields of one object in a mapping, keyed by lower-cased name (API names ignore case), first spelling kept. */
function mappedCrmFields(mapping: ConnectionMapping | undefined, crmObject: CrmObject): Map<string, string> {
  const fields = new Map<string, string>();
  for (const entry of mapping?.entries ?? []) {
    if (entry.crmObject === crmObject && !fields.has(entry.crmField.toLowerCase())) fields.set(entry.crmField.toLowerCase(), entry.crmField);
  }
  return fields;
}

/**
 * The CRM fields, per object, that `after` maps and `before` did not, spelled as in `after`.
 * Swapping the arguments gives the fields a change removed.
 */
export function fieldsAddedByChange(before: ConnectionMapping | undefined, after: ConnectionMapping): Record<CrmObject, string[]> {
  const added = {} as Record<CrmObject, string[]>;
  for (const crmObject of CRM_OBJECTS) {
    const previous = mappedCrmFields(before, crmObject);
    // Field API names are case-insensitive in Salesforce; 'email' and 'Email' are the same field.
    added[crmObject] = [...mappedCrmFields(after, crmObject)].filter(([key]) => !previous.has(key)).map(([, name]) => name);
  }
  return added;
}

/** `before` is undefined for a connection's first mapping: every mapped object then needs a full sync. */
export function objectsNeedingFullSync(before: ConnectionMapping | undefined, after: ConnectionMapping): CrmObject[] {
  const added = fieldsAddedByChange(before, after);
  return CRM_OBJECTS.filter((crmObject) => added[crmObject].length > 0);
}
