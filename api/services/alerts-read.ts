import type { Models } from '../../domain/models';

const ALERTS_LISTED = 200;

/** The latest alerts, newest first: open (unresolved), resolved, or all. */
export async function listAlerts(models: Pick<Models, 'Alert'>, state: 'open' | 'resolved' | 'all') {
  const filter = state === 'open' ? { resolvedAt: null } : state === 'resolved' ? { resolvedAt: { $ne: null } } : {};
  return models.Alert.find(filter).sort({ raisedAt: -1 }).limit(ALERTS_LISTED).lean();
}
