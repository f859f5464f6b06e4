/**
 * What a list push writes: for every member and pushed field, the value the list holds when it
 * differs from what the CRM holds now (the local copy the admin sync just refreshed). Equal values
 * cost nothing, so an unchanged list makes no CRM call at all.
 */
import type { CrmFieldValue, RecordUpdate } from '../crm/connector';
import { isPushAllowed } from '../mapping/push-policy';
import type { ConnectionMapping, CrmObject } from '../mapping/mapping';
import type { FieldType } from '../mapping/field-types';
import { entryFor, sameMemberValue, toCrmValue, toMemberValue } from './member-values';

export interface PushMember {
  crmId: string;
  type: CrmObject;
  values: Record<string, unknown>;
  syncedValues: Record<string, unknown>;
}

/** One record's write, with the member fields it carries (to record what the CRM now holds). */
export interface PlannedUpdate extends RecordUpdate {
  memberFields: { field: string; crmField: string; value: unknown }[];
}

export interface PushPlan {
  byObject: Map<CrmObject, PlannedUpdate[]>;
  /** Field values that differ but may not be pushed (mapping missing for the object, or push denied). */
  skipped: { field: string; reason: string; count: number }[];
}

/**
 * `crmValues` is the CRM's current value of each field (from the contact view); absent when the
 * local copy no longer has the person (deleted in the CRM), in which case the last synced value
 * stands in for it and a write, if any, will come back from the CRM as a per-record error.
 */
export function planPush(
  mapping: ConnectionMapping,
  fieldTypes: Map<string, FieldType>,
  pushFields: string[],
  member: PushMember,
  crmValues: Record<string, unknown> | undefined,
  plan: PushPlan,
): void {
  const fields: Record<string, CrmFieldValue> = {};
  const memberFields: PlannedUpdate['memberFields'] = [];
  for (const field of pushFields) {
    const type = fieldTypes.get(field);
    if (!type) continue;
    const local = member.values[field] ?? null;
    const crmNow = crmValues ? toMemberValue(type, crmValues[field]) : (member.syncedValues[field] ?? null);
    if (sameMemberValue(local, crmNow)) continue;
    const entry = entryFor(mapping, member.type, field);
    const reason = !entry ? `not mapped on ${member.type}` : !isPushAllowed(mapping, entry) ? `push not allowed on ${member.type}` : undefined;
    if (reason || !entry) {
      const known = plan.skipped.find((s) => s.field === field && s.reason === reason);
      if (known) known.count += 1;
      else plan.skipped.push({ field, reason: reason ?? 'not mapped', count: 1 });
      continue;
    }
    fields[entry.crmField] = toCrmValue(type, local);
    memberFields.push({ field, crmField: entry.crmField, value: local });
  }
  if (memberFields.length === 0) return;
  const list = plan.byObject.get(member.type) ?? [];
  list.push({ id: member.crmId, fields, memberFields });
  plan.byObject.set(member.type, list);
}

export function emptyPushPlan(): PushPlan {
  return { byObject: new Map(), skipped: [] };
}
