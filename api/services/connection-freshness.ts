/** Reading how fresh a connection's local copy is, and its contact counts, for the connection page, API and dashboard. */
import { syncedObjectsOf } from '../../domain/crm/synced-objects';
import type { Models } from '../../domain/models';
import { syncStateKey } from '../../domain/models/sync-state';
import { presentConnectionFreshness, type ObjectFreshness } from '../presenters/connection-freshness';

const DEFAULT_FULL_SYNC_INTERVAL_DAYS = 14;

export async function loadConnectionFreshness(
  models: Pick<Models, 'SyncState'>,
  connection: { _id: unknown; crm?: string | null; syncSettings?: { fullSyncIntervalDays?: number } | null },
): Promise<{ objects: ObjectFreshness[]; oldestSyncAt: Date | null }> {
  const connectionId = String(connection._id);
  const objects = syncedObjectsOf(connection);
  const states = await models.SyncState.find({ _id: { $in: objects.map((o) => syncStateKey(connectionId, o)) } }).lean();
  return presentConnectionFreshness(objects, states, connection.syncSettings?.fullSyncIntervalDays ?? DEFAULT_FULL_SYNC_INTERVAL_DAYS);
}

/** The connection page's contact counts (two scans on FerretDB, so not on the dashboard or the JSON API). */
export async function countConnectionContacts(models: Pick<Models, 'ContactView'>, connectionId: string): Promise<{ contacts: number; withValueErrors: number }> {
  const [contacts, withValueErrors] = await Promise.all([
    models.ContactView.countDocuments({ connectionId }),
    models.ContactView.countDocuments({ connectionId, 'valueErrors.0': { $exists: true } }),
  ]);
  return { contacts, withValueErrors };
}
