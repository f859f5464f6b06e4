import { createListFreshnessActivities } from './freshness';
import type { ListDeps } from './list-context';
import { createPullMembersActivity } from './pull-members';
import { createPushMembersActivity } from './push-members';
import { createScheduledRunActivities } from './scheduled-runs';

/** The activities of list imports and list syncs (workflows/list-sync.ts orders them). */
export function createListActivities(deps: ListDeps) {
  return {
    ...createListFreshnessActivities(deps),
    ...createPullMembersActivity(deps),
    ...createPushMembersActivity(deps),
    ...createScheduledRunActivities(deps),
  };
}
