import { z } from 'zod';
import type { SyncStateDoc } from '../../domain/models/sync-state';
import { instant } from './common-json';

const DAY_MS = 86_400_000;

export const objectFreshnessJson = z
  .object({
    object: z.string(),
    recordCount: z.number().int(),
    lastSyncAt: instant.nullable(),
    lastSyncMode: z.string().nullable(),
    lastFullSyncAt: instant.nullable(),
    /** When the next sync of this object will be full: a date, or null meaning "the next sync". */
    nextFullSyncAt: instant.nullable(),
    nextFullSyncReason: z.string(),
    lastDriftCheckAt: instant.nullable(),
    watermark: z.string().nullable(),
    calculatedFields: z.array(z.string()),
  })
  .strict();

export type ObjectFreshness = z.infer<typeof objectFreshnessJson>;

function nextFull(state: SyncStateDoc | undefined, intervalDays: number, now: number): { at: Date | null; reason: string } {
  if (!state?.watermark) return { at: null, reason: 'never synced' };
  if (state.fullSyncRequested) return { at: null, reason: state.fullSyncRequested.reason };
  if (!state.lastFullSyncAt) return { at: null, reason: 'no full sync yet' };
  const due = new Date(state.lastFullSyncAt.getTime() + intervalDays * DAY_MS);
  return due.getTime() <= now ? { at: null, reason: `last full sync older than ${intervalDays} days` } : { at: due, reason: `every ${intervalDays} days` };
}

/**
 * Per object: how fresh the local copy is and when the next full sync comes; for the connection page
 * and API. `syncedObjects` are the objects its CRM's sync copies, in order; `states` the connection's sync states (an object without one was never synced).
 */
export function presentConnectionFreshness(syncedObjects: readonly string[], states: SyncStateDoc[], intervalDays: number, now = Date.now()): { objects: ObjectFreshness[]; oldestSyncAt: Date | null } {
  const byObject = new Map(states.map((s) => [s.object, s]));
  const objects = syncedObjects.map((object): ObjectFreshness => {
    const state = byObject.get(object);
    const next = nextFull(state, intervalDays, now);
    return {
      object,
      recordCount: state?.recordCount ?? 0,
      lastSyncAt: state?.lastSyncAt ?? null,
      lastSyncMode: state?.lastSyncMode ?? null,
      lastFullSyncAt: state?.lastFullSyncAt ?? null,
      nextFullSyncAt: next.at,
      nextFullSyncReason: next.reason,
      lastDriftCheckAt: state?.lastDriftCheckAt ?? null,
      watermark: state?.watermark?.stamp ?? null,
      calculatedFields: state?.calculatedFields ?? [],
    };
  });
  // Only when every object has synced is there an age that holds for all of them.
  const synced = objects.map((o) => o.lastSyncAt).filter((d): d is Date => d !== null);
  const oldestSyncAt = synced.length === objects.length ? new Date(Math.min(...synced.map((d) => d.getTime()))) : null;
  return { objects, oldestSyncAt };
}
