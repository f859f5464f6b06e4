import { listSyncWorkflowId } from '../../contract';
import type { ListDeps } from './list-context';
import { prepareRun } from '../../domain/runs';

/** Run documents for syncs a list's schedule starts. */
export function createScheduledRunActivities({ models }: ListDeps) {
  return {
    /** The run of a scheduled sync; null when the list was removed (its schedule goes with it). */
    async prepareScheduledListRun({ listId }: { listId: string }): Promise<string | null> {
      const list = await models.MarketingList.findById(listId, { connectionId: 1 }).lean();
      if (!list) return null;
      return prepareRun(models, {
        kind: 'list-sync',
        connectionId: list.connectionId,
        listId,
        workflowId: listSyncWorkflowId(listId),
        trigger: 'schedule',
        triggeredBy: 'schedule',
        options: { mode: 'sync' },
      });
    },
  };
}
