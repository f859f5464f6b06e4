import { crmModel } from '../../domain/crm/crm-registry';
import { personObjectsOf } from '../../domain/lists/list-definition';
import { syncStateKey } from '../../domain/models/sync-state';
import { crmAdminSyncWorkflowId, type ListDataFreshness } from '../../contract';
import { openListContext, type ListDeps } from './list-context';
import { ACTIVE_RUN_STATUSES, linkAdminSyncRun, prepareRun, recordListRunFinished, setRunProgress } from '../../domain/runs';

/**
 * Whether the local CRM copy a list reads is fresh enough for its sync, and the run documents of
 * the CRM Administration sync a list sync starts when it is not.
 */
export function createListFreshnessActivities({ models }: ListDeps) {
  return {
    async checkListDataFreshness({ listId }: { listId: string }): Promise<ListDataFreshness> {
      const ctx = await openListContext(models, listId);
      const connection = await models.Connection.findById(ctx.connectionId, { crm: 1, contactViewsBuiltAt: 1 }).lean();
      // The CRM objects the list's people come from: their kinds, and for a campaign source the campaigns and memberships.
      const model = crmModel(connection?.crm);
      const objects = personObjectsOf(ctx.source).map((type) => model.people[type].object);
      if (ctx.source.kind === 'campaign') objects.push(model.campaign.object, model.membership.object);
      const states = await models.SyncState.find({ _id: { $in: objects.map((o) => syncStateKey(ctx.connectionId, o)) } }, { lastSyncAt: 1 }).lean();
      const stamps = states.map((s) => s.lastSyncAt?.getTime() ?? 0);
      const oldest = states.length === objects.length && stamps.every((t) => t > 0) ? Math.min(...stamps) : null;
      const viewsBuilt = !!connection?.contactViewsBuiltAt;
      const bound = ctx.settings.freshnessMinutes * 60_000;
      const fresh = oldest !== null && viewsBuilt && bound > 0 && Date.now() - oldest <= bound;
      const adminSyncActive = !!(await models.Run.exists({ workflowId: crmAdminSyncWorkflowId(ctx.connectionId), status: { $in: ACTIVE_RUN_STATUSES } }));
      return { connectionId: ctx.connectionId, fresh, dataAsOf: oldest === null ? null : new Date(oldest).toISOString(), adminSyncActive };
    },

    /** The run document of a CRM Administration sync a list run needs first; linked from the list run. */
    async createAdminSyncRunForList({ listId, listRunId }: { listId: string; listRunId: string }): Promise<string> {
      const ctx = await openListContext(models, listId);
      const runId = await prepareRun(models, {
        kind: 'crm-admin-sync',
        connectionId: ctx.connectionId,
        workflowId: crmAdminSyncWorkflowId(ctx.connectionId),
        trigger: 'pipeline',
        triggeredBy: `list sync of '${ctx.name}'`,
        options: { mode: 'incremental', forListRunId: listRunId },
      });
      await linkAdminSyncRun(models, listRunId, runId);
      return runId;
    },

    async noteListRunWaiting({ runId, reason }: { runId: string; reason: string }): Promise<void> {
      await setRunProgress(models, runId, { phase: 'waiting', reason });
    },

    async finishListRun({ listId, runId, dataAsOf }: { listId: string; runId: string; dataAsOf: string | null }): Promise<void> {
      const now = new Date();
      const run = await models.Run.findById(runId, { kind: 1 }).lean();
      await models.MarketingList.updateOne(
        { _id: listId },
        { $set: { lastSyncAt: now, lastRunId: runId, ...(dataAsOf ? { dataAsOf: new Date(dataAsOf) } : {}), ...(run?.kind === 'list-import' ? { importedAt: now } : {}) } },
      );
      await recordListRunFinished(models, runId, dataAsOf);
    },
  };
}
