import { Context } from '@temporalio/activity';
import { isSyncedObject } from '../../domain/crm/synced-objects';
import { syncStateKey } from '../../domain/models/sync-state';
import type { DriftResult } from '../../contract';
import { localIds, removeRecords, storeRecords } from './store-records';
import { createRunWriter, openSyncContext, type SyncDeps } from './sync-context';

/** Above this many missing records a full sync (which follows anyway) is cheaper than fetching them by id. */
const MAX_RESTORE = 10_000;

export function driftPercent(crmCount: number, removed: number, missing: number): number {
  if (crmCount === 0) return removed > 0 ? 100 : 0;
  return Math.round(((removed + missing) / crmCount) * 10_000) / 100;
}

export function createDriftActivity(deps: SyncDeps) {
  return {
    /**
     * Hard deletes (emptied recycle bin, removed campaign members) leave no IsDeleted row, and a
     * missed change leaves no trace at all. This compares the CRM's id set (Id-only queries, 2,000
     * ids a call) with the local one: what is gone is removed, what is missing is fetched by id,
     * and the drift is reported; past the threshold the workflow runs a full sync of the object.
     */
    async checkObjectDrift(input: { connectionId: string; runId: string; object: string }): Promise<DriftResult> {
      const { connectionId, runId, object } = input;
      const context = Context.current();
      const ctx = await openSyncContext(deps, connectionId);
      if (!isSyncedObject(ctx.model, object)) throw new Error(`not a synced object: ${object}`);
      const writeRun = createRunWriter(deps, runId, ctx.connector);
      const model = deps.models.crmRecords[object];
      try {
        await writeRun({ progress: { object, phase: 'drift check' } });
        // Both id sets are held in memory (~100 MB per million records) rather than merged as sorted
        // streams: Salesforce's id order is not guaranteed to be JavaScript's string order.
        const crmIds = new Set<string>();
        let afterId: string | undefined;
        for (;;) {
          const page = await ctx.guarded(() => ctx.connector.fetchIdPage({ object, afterId, pageSize: ctx.settings.pageSize }));
          for (const id of page.ids) crmIds.add(id);
          context.heartbeat({ listed: crmIds.size });
          afterId = page.ids.at(-1);
          if (page.done || !afterId) break;
        }
        const local = new Set<string>();
        const gone: string[] = [];
        for await (const id of localIds(model, connectionId)) {
          local.add(id);
          if (!crmIds.has(id)) gone.push(id);
        }
        const missing = [...crmIds].filter((id) => !local.has(id));
        const removed = await removeRecords(model, connectionId, gone);
        let restored = 0;
        if (missing.length <= MAX_RESTORE) {
          const state = await deps.models.SyncState.findById(syncStateKey(connectionId, object), { selectFields: 1 }).lean();
          for (let i = 0; i < missing.length; i += ctx.model.maxIdsPerFetch) {
            const ids = missing.slice(i, i + ctx.model.maxIdsPerFetch);
            const records = await ctx.guarded(() => ctx.connector.fetchByIds({ object, fields: state?.selectFields ?? [], ids }));
            restored += (await storeRecords(model, connectionId, records)).inserted;
            context.heartbeat({ restored });
          }
        }
        const percent = driftPercent(crmIds.size, gone.length, missing.length);
        const result: DriftResult = {
          crmCount: crmIds.size,
          localCount: local.size,
          removed,
          restored,
          driftPercent: percent,
          thresholdPercent: ctx.settings.driftThresholdPercent,
          exceeded: percent > ctx.settings.driftThresholdPercent,
        };
        const now = new Date();
        await deps.models.SyncState.updateOne(
          { _id: syncStateKey(connectionId, object) },
          { $set: { lastDriftCheckAt: now, recordCount: local.size - removed + restored } },
        );
        await writeRun({ objects: { [object]: { drift: result } } });
        return result;
      } finally {
        await writeRun();
      }
    },
  };
}
