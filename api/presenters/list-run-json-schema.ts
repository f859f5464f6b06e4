/** What a list run adds to a run (presenters in list-run-json.ts): membership changes, push errors, conflicts. */
import { z } from 'zod';
import { instant, pageJson } from './common-json';

export const membershipChangeJson = z
  .object({
    crmId: z.string(),
    change: z.string(),
    email: z.string().nullable(),
    /** For 'updated': each changed field with its value before and after. */
    fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }).strict()).nullable(),
    at: instant,
  })
  .strict();

export const pushErrorJson = z
  .object({
    crmId: z.string(),
    object: z.string(),
    values: z.record(z.string(), z.unknown()),
    /** The CRM's own code and message for the refused write. */
    code: z.string(),
    message: z.string(),
    fields: z.array(z.string()),
    /** The later run whose push wrote the record; null while the error is open. */
    resolvedByRunId: z.string().nullable(),
    createdAt: instant,
  })
  .strict();

export const fieldConflictJson = z
  .object({
    crmId: z.string(),
    type: z.string(),
    field: z.string(),
    crmField: z.string(),
    marketingValue: z.unknown(),
    crmValue: z.unknown(),
    agreedValue: z.unknown(),
    rule: z.string(),
    winner: z.enum(['marketing', 'crm']),
    outcome: z.string(),
    at: instant,
  })
  .strict();

export const membershipChangesPageJson = z.object({ changes: z.array(membershipChangeJson), page: pageJson }).strict();
export const pushErrorsPageJson = z.object({ errors: z.array(pushErrorJson), page: pageJson }).strict();
export const fieldConflictsPageJson = z.object({ conflicts: z.array(fieldConflictJson), page: pageJson }).strict();

export type MembershipChangeJson = z.infer<typeof membershipChangeJson>;
export type PushErrorJson = z.infer<typeof pushErrorJson>;
export type FieldConflictJson = z.infer<typeof fieldConflictJson>;
