import type { FieldConflictDoc } from '../../domain/models/field-conflict';
import type { MembershipChangeDoc } from '../../domain/models/membership-change';
import type { FieldConflictJson, MembershipChangeJson, PushErrorJson } from './list-run-json-schema';

export function presentPushError(e: { crmId: string; object: string; values: Record<string, unknown>; code: string; message: string; fields: string[]; resolvedByRunId: string | null; createdAt: Date }): PushErrorJson {
  return { crmId: e.crmId, object: e.object, values: e.values, code: e.code, message: e.message, fields: e.fields, resolvedByRunId: e.resolvedByRunId, createdAt: e.createdAt };
}

export function presentFieldConflict(c: FieldConflictDoc): FieldConflictJson {
  return {
    crmId: c.crmId,
    type: c.type,
    field: c.field,
    crmField: c.crmField,
    marketingValue: c.marketingValue ?? null,
    crmValue: c.crmValue ?? null,
    agreedValue: c.agreedValue ?? null,
    rule: c.rule,
    winner: c.winner,
    outcome: c.outcome,
    at: c.at,
  };
}

export function presentMembershipChange({ crmId, change, email, fields, at }: MembershipChangeDoc): MembershipChangeJson {
  return { crmId, change, email, fields: fields ?? null, at };
}
