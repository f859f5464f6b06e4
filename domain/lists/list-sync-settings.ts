/**
 * How a list syncs: what the pull may do (add, update chosen fields, remove), what the push may
 * write (update chosen fields of existing CRM records; create CRM records only when asked), how
 * fresh the CRM data must be, and when a push switches to the bulk path.
 */
import { z } from 'zod';

export interface ListSyncSettings {
  pull: { add: boolean; update: boolean; remove: boolean; updateFields: string[] };
  push: { update: boolean; fields: string[]; createRecords: boolean };
  /** The CRM data a sync pulls from may be at most this old; older (or 0) runs the admin sync first. */
  freshnessMinutes: number;
  /** A push of more records than this goes through the CRM's bulk path instead of 200-record calls. */
  bulkThreshold: number;
}

export const DEFAULT_FRESHNESS_MINUTES = 30;
export const DEFAULT_BULK_THRESHOLD = 2_000;

const fieldList = z.array(z.string().trim().min(1, 'a field name is required').max(80)).max(200);

/** Partial settings as the API and the form send them; missing parts keep their current value. */
export const listSyncSettingsInput = z
  .object({
    pull: z.object({ add: z.boolean(), update: z.boolean(), remove: z.boolean(), updateFields: fieldList }).partial().strict(),
    push: z.object({ update: z.boolean(), fields: fieldList, createRecords: z.boolean() }).partial().strict(),
    freshnessMinutes: z.number().int('whole minutes').min(0).max(7 * 24 * 60, 'at most a week (10080 minutes)'),
    bulkThreshold: z.number().int().min(1).max(10_000_000),
  })
  .partial()
  .strict();
export type ListSyncSettingsInput = z.infer<typeof listSyncSettingsInput>;

/**
 * Defaults for a new list: pull everything, refresh every copied field except the pushed ones (a
 * score is written here and pushed there), push the list's Score fields.
 */
export function defaultListSyncSettings(fields: string[], scoreFields: string[]): ListSyncSettings {
  const pushed = fields.filter((f) => scoreFields.includes(f));
  return {
    pull: { add: true, update: true, remove: true, updateFields: fields.filter((f) => !pushed.includes(f)) },
    push: { update: true, fields: pushed, createRecords: false },
    freshnessMinutes: DEFAULT_FRESHNESS_MINUTES,
    bulkThreshold: DEFAULT_BULK_THRESHOLD,
  };
}

export function mergeListSyncSettings(current: ListSyncSettings, input: ListSyncSettingsInput): ListSyncSettings {
  return {
    pull: { ...current.pull, ...input.pull },
    push: { ...current.push, ...input.push },
    freshnessMinutes: input.freshnessMinutes ?? current.freshnessMinutes,
    bulkThreshold: input.bulkThreshold ?? current.bulkThreshold,
  };
}

/** Problems of settings against the list's fields and the mapping's push policy, each with its path. */
export function checkListSyncSettings(
  settings: ListSyncSettings,
  listFields: string[],
  pushable: (field: string) => { ok: true } | { ok: false; reason: string },
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  settings.pull.updateFields.forEach((field, i) => {
    if (!listFields.includes(field)) problems.push({ path: `pull.updateFields[${i}]`, message: `'${field}' is not one of the list's fields (${listFields.join(', ')})` });
  });
  settings.push.fields.forEach((field, i) => {
    if (!listFields.includes(field)) {
      problems.push({ path: `push.fields[${i}]`, message: `'${field}' is not one of the list's fields (${listFields.join(', ')})` });
      return;
    }
    const verdict = pushable(field);
    if (!verdict.ok) problems.push({ path: `push.fields[${i}]`, message: verdict.reason });
  });
  return problems;
}
