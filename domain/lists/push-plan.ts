/**
 * What a list sync does with its pushed fields, member by member: write to the CRM only what
 * marketing changed since the value last agreed with the CRM, take the CRM users' own changes into
 * the list, and settle fields both sides changed by the field's rule (field-decision.ts). Members
 * already in step cost nothing, so an unchanged list makes no CRM call at all.
 */
import type { CrmFieldValue, RecordUpdate } from '../crm/connector';
import { fieldSyncRule } from '../mapping/conflict-rules';
import { isPushAllowed } from '../mapping/push-policy';
import type { ConnectionMapping, CrmObject, FieldMappingEntry } from '../mapping/mapping';
import type { FieldType } from '../mapping/field-types';
import { decideField, type FieldConflict, type FieldDecision, type LocalChange } from './field-decision';
import { entryFor, toCrmValue, toMemberValue } from './member-values';

export interface PushMember {
  crmId: string;
  type: CrmObject;
  values: Record<string, unknown>;
  syncedValues: Record<string, unknown>;
  localChanges?: Record<string, LocalChange>;
}

/** One record's write, with the member fields it carries (to record what the CRM now holds). */
export interface PlannedUpdate extends RecordUpdate {
  memberFields: { field: string; crmField: string; value: unknown }[];
}

/** A member field that takes a value locally without any CRM write: the CRM's change, or an agreement. */
export interface LocalAgreement {
  crmId: string;
  field: string;
  value: unknown;
  /** True when the member's own value changes (a CRM user's edit arrives), false when only the agreed value is set. */
  changesMember: boolean;
}

export interface PlannedConflict extends FieldConflict {
  crmId: string;
  type: CrmObject;
  field: string;
  crmField: string;
  outcome: 'pushed' | 'taken-from-crm' | 'held-blank';
}

export interface PushPlan {
  byObject: Map<CrmObject, PlannedUpdate[]>;
  agreements: LocalAgreement[];
  conflicts: PlannedConflict[];
  /** Field values marketing changed that are not written: push not allowed, not mapped, or a blank held back. */
  skipped: { field: string; reason: string; count: number }[];
}

export function emptyPushPlan(): PushPlan {
  return { byObject: new Map(), agreements: [], conflicts: [], skipped: [] };
}

export const BLANK_HELD_REASON = 'empty value not written over the CRM value (the field\'s rule does not say "blank clears")';

export interface MemberFieldDecision {
  field: string;
  crmField: string;
  /** The mapping entry that fills the field for this member's CRM object, if any. */
  entry: FieldMappingEntry | undefined;
  decision: FieldDecision;
}

/**
 * The decision for each pushed field of one member. `crmValues` are the CRM's values in member form
 * (the contact view); absent when the local copy no longer has the person (deleted in the CRM), in
 * which case the agreed value stands in for the CRM's and a write, if any, comes back from the CRM
 * as a per-record error. `needsCrmStamp` is true when a most-recent conflict was decided without
 * the CRM's change time: the caller looks it up and asks again.
 */
export function decideMemberFields(
  mapping: ConnectionMapping,
  fieldTypes: Map<string, FieldType>,
  pushFields: string[],
  member: PushMember,
  crmValues: Record<string, unknown> | undefined,
  crmChangedAt?: Date | null,
): { decisions: MemberFieldDecision[]; needsCrmStamp: boolean } {
  const decisions: MemberFieldDecision[] = [];
  let needsCrmStamp = false;
  for (const field of pushFields) {
    const type = fieldTypes.get(field);
    const entry = entryFor(mapping, member.type, field);
    if (!type) continue;
    const rule = entry ? fieldSyncRule(entry) : { conflict: 'crm-wins' as const, blankClears: false };
    const agreed = Object.prototype.hasOwnProperty.call(member.syncedValues, field) ? (member.syncedValues[field] ?? null) : undefined;
    const local = member.values[field] ?? null;
    const crm = crmValues ? toMemberValue(type, crmValues[field]) : (agreed ?? null);
    const decision = decideField({ local, crm, agreed, localChange: member.localChanges?.[field], crmChangedAt }, rule);
    if (decision.kind !== 'in-step' && 'conflict' in decision && decision.conflict?.rule === 'most-recent' && crmChangedAt === undefined) needsCrmStamp = true;
    decisions.push({ field, crmField: entry?.crmField ?? field, entry, decision });
  }
  return { decisions, needsCrmStamp };
}

function skip(plan: PushPlan, field: string, reason: string): void {
  const known = plan.skipped.find((s) => s.field === field && s.reason === reason);
  if (known) known.count += 1;
  else plan.skipped.push({ field, reason, count: 1 });
}

/** Adds one member's decisions to the plan: CRM writes, local agreements and conflicts. */
export function planMember(mapping: ConnectionMapping, fieldTypes: Map<string, FieldType>, member: PushMember, decisions: MemberFieldDecision[], plan: PushPlan): void {
  const fields: Record<string, CrmFieldValue> = {};
  const memberFields: PlannedUpdate['memberFields'] = [];
  const conflict = (d: MemberFieldDecision, c: FieldConflict, outcome: PlannedConflict['outcome']) =>
    plan.conflicts.push({ ...c, crmId: member.crmId, type: member.type, field: d.field, crmField: d.crmField, outcome });
  for (const d of decisions) {
    const { decision } = d;
    switch (decision.kind) {
      case 'in-step':
        break;
      case 'agree':
        plan.agreements.push({ crmId: member.crmId, field: d.field, value: decision.value, changesMember: false });
        break;
      case 'take-crm':
        plan.agreements.push({ crmId: member.crmId, field: d.field, value: decision.value, changesMember: true });
        if (decision.conflict) conflict(d, decision.conflict, 'taken-from-crm');
        break;
      case 'hold-blank':
        skip(plan, d.field, BLANK_HELD_REASON);
        if (decision.conflict) conflict(d, decision.conflict, 'held-blank');
        break;
      case 'push': {
        const { entry } = d;
        const type = fieldTypes.get(d.field);
        if (!entry || !type || !isPushAllowed(mapping, entry)) {
          skip(plan, d.field, !entry ? `not mapped on ${member.type}` : `push not allowed on ${member.type}`);
          break;
        }
        fields[entry.crmField] = toCrmValue(type, decision.value);
        memberFields.push({ field: d.field, crmField: entry.crmField, value: decision.value });
        if (decision.conflict) conflict(d, decision.conflict, 'pushed');
        break;
      }
    }
  }
  if (memberFields.length === 0) return;
  const list = plan.byObject.get(member.type) ?? [];
  list.push({ id: member.crmId, fields, memberFields });
  plan.byObject.set(member.type, list);
}
