import { SYNCED_OBJECTS } from '../../domain/crm/synced-objects';
import type { Models } from '../../domain/models';
import { syncStateKey, type SyncStateDoc } from '../../domain/models/sync-state';

const DAY_MS = 86_400_000;

export interface ObjectFreshness {
  object: string;
  recordCount: number;
  lastSyncAt: Date | null;
  lastSyncMode: string | null;
  lastFullSyncAt: Date | null;
  /** When the next sync of this object will be full: a date, or null meaning "the next sync". */
  nextFullSyncAt: Date | null;
  nextFullSyncReason: string;
  lastDriftCheckAt: Date | null;
  watermark: string | null;
  calculatedFields: string[];
}

function nextFull(state: SyncStateDoc | undefined, intervalDays: number): { at: Date | null; reason: string } {
  if (!state?.watermark) return { at: null, reason: 'never synced' };
  if (state.fullSyncRequested) return { at: null, reason: state.fullSyncRequested.reason };
  if (!state.lastFullSyncAt) return { at: null, reason: 'no full sync yet' };
  const due = new Date(state.lastFullSyncAt.getTime() + intervalDays * DAY_MS);
  return due.getTime() <= Date.now() ? { at: null, reason: `last full sync older than ${intervalDays} days` } : { at: due, reason: `every ${intervalDays} days` };
}

/** Per object: how fresh the local copy is and when the next full sync comes; for the connection page and API. */
export async function loadConnectionFreshness(
  models: Pick<Models, 'SyncState'>,
  connection: { _id: unknown; syncSettings?: { fullSyncIntervalDays?: number } | null },
): Promise<{ objects: ObjectFreshness[]; oldestSyncAt: Date | null }> {
  const connectionId = String(connection._id);
  const states = await models.SyncState.find({ _id: { $in: SYNCED_OBJECTS.map((o) => syncStateKey(connectionId, o)) } }).lean();
  const byObject = new Map(states.map((s) => [s.object, s]));
  const interval = connection.syncSettings?.fullSyncIntervalDays ?? 14;
  const objects = SYNCED_OBJECTS.map((object) => {
    const state = byObject.get(object);
    const next = nextFull(state, interval);
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
  const synced = objects.map((o) => o.lastSyncAt).filter((d): d is Date => d !== null);
  const oldestSyncAt = synced.length === objects.length ? new Date(Math.min(...synced.map((d) => d.getTime()))) : null;
  return { objects, oldestSyncAt };
}

/** The connection page's contact counts (two scans on FerretDB, so not on the dashboard or the JSON API). */
export async function countConnectionContacts(models: Pick<Models, 'ContactView'>, connectionId: string): Promise<{ contacts: number; withValueErrors: number }> {
  const [contacts, withValueErrors] = await Promise.all([
    models.ContactView.countDocuments({ connectionId }),
    models.ContactView.countDocuments({ connectionId, 'valueErrors.0': { $exists: true } }),
  ]);
  return { contacts, withValueErrors };
}
