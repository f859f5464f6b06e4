import { createApiQuotaActivity } from './api-quota';
import { createContactViewActivity } from './contact-views';
import { createDriftActivity } from './drift-check';
import { createFinishActivity } from './finish-object';
import { createPlanActivity } from './plan-sync';
import { createPullActivity } from './pull-pages';
import { createRefreshCalculatedActivity } from './refresh-calculated';
import type { SyncDeps } from './sync-context';

/** The activities of the CRM Administration sync (workflows/crm-admin-sync.ts orders them). */
export function createCrmAdminSyncActivities(deps: SyncDeps) {
  return {
    ...createPlanActivity(deps),
    ...createPullActivity(deps),
    ...createFinishActivity(deps),
    ...createDriftActivity(deps),
    ...createRefreshCalculatedActivity(deps),
    ...createContactViewActivity(deps),
    ...createApiQuotaActivity(deps),
  };
}
