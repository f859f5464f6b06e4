import { createApiQuotaActivity } from './api-quota';
import { createContactViewActivity } from './contact-views';
import { createDriftActivity } from './drift-check';
import { createFinishActivity } from './finish-object';
import { keepAlive } from './keep-alive';
import { createPlanActivity } from './plan-sync';
import { createPullActivity } from './pull-pages';
import { createRefreshCalculatedActivity } from './refresh-calculated';
import type { SyncDeps } from './sync-context';

/**
 * Heartbeats every few seconds around activities that scan whole collections without a natural
 * page to heartbeat after (their resume does not depend on heartbeat details, which this sends empty).
 */
function ticking<A extends unknown[], R>(activity: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args: A) => keepAlive(() => undefined, () => activity(...args));
}

/** The activities of the CRM Administration sync (workflows/crm-admin-sync.ts orders them). */
export function createCrmAdminSyncActivities(deps: SyncDeps) {
  const finish = createFinishActivity(deps);
  const drift = createDriftActivity(deps);
  const views = createContactViewActivity(deps);
  return {
    ...createPlanActivity(deps),
    ...createPullActivity(deps),
    finishObjectSync: ticking(finish.finishObjectSync),
    checkObjectDrift: ticking(drift.checkObjectDrift),
    ...createRefreshCalculatedActivity(deps),
    rebuildContactViews: ticking(views.rebuildContactViews),
    ...createApiQuotaActivity(deps),
  };
}
