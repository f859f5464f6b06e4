/**
 * Which CRM objects must be fully re-synced after a mapping change.
 *
 * An incremental sync only pulls records changed since the watermark, so a CRM field that was
 * never pulled would stay missing on every unchanged record: adding one forces a full sync of
 * its object. Removing a field or pointing an existing field at another target does not, because
 * the pulled CRM records already hold that field's values and can be re-mapped locally.
 */
import { CRM_OBJECTS, type ConnectionMapping, type CrmObject } from './mapping';

function mappedCrmFields(mapping: ConnectionMapping | undefined, crmObject: CrmObject): Set<string> {
  const fields = (mapping?.entries ?? []).filter((e) => e.crmObject === crmObject).map((e) => e.crmField.toLowerCase());
  return new Set(fields);
}

/** `before` is undefined for a connection's first mapping: every mapped object then needs a full sync. */
export function objectsNeedingFullSync(before: ConnectionMapping | undefined, after: ConnectionMapping): CrmObject[] {
  return CRM_OBJECTS.filter((crmObject) => {
    const previous = mappedCrmFields(before, crmObject);
    // Field API names are case-insensitive in Salesforce; 'email' and 'Email' are the same field.
    return [...mappedCrmFields(after, crmObject)].some((field) => !previous.has(field));
  });
}
