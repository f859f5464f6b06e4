import { isSyncedObject } from '../../domain/crm/synced-objects';
import { syncStateKey } from '../../domain/models/sync-state';
import type { SyncMode } from '../../contract';
import { checkpointKey, storedCheckpoint } from './checkpoint';
import { incrementalStart } from './pull-pages';
import { localIds, removeRecords } from './store-records';
import { createRunWriter, openSyncContext, type SyncContext, type SyncDeps } from './sync-context';

export interface FinishObjectInput {
  connectionId: string;
  runId: string;
  object: string;
  mode: SyncMode;
}

/** Records in the CRM's recycle bin since the incremental start: removed locally. */
async function removeDeletedSince(deps: SyncDeps, ctx: SyncContext, connectionId: string, object: string, since: string): Promise<number> {
  const model = deps.models.crmRecords[object];
  let after: { stamp: string; id: string } | undefined;
  let removed = 0;
  for (;;) {
    const page = await ctx.guarded(() => ctx.connector.fetchDeletedPage({ object, since, after, pageSize: ctx.settings.pageSize }));
    removed += await removeRecords(model, connectionId, page.records.map((r) => r.id));
    const last = page.records.at(-1);
    if (page.done || !last) return removed;
    after = { stamp: last.deletedAt, id: last.id };
  }
}

/** After a full pull: local records whose id the pull did not see are gone from the CRM. */
async function removeUnseen(deps: SyncDeps, connectionId: string, runId: string, object: string): Promise<number> {
  const model = deps.models.crmRecords[object];
  // In memory, ~100 MB per million records: see the drift check for why not a sorted merge.
  const seen = new Set<string>();
  for await (const doc of deps.models.SeenIds.find({ runId, object }, { ids: 1 }).lean().cursor()) {
    for (const id of doc.ids) seen.add(id);
  }
  const gone: string[] = [];
  for await (const id of localIds(model, connectionId)) if (!seen.has(id)) gone.push(id);
  return removeRecords(model, connectionId, gone);
}

export function createFinishActivity(deps: SyncDeps) {
  return {
    /**
     * Completes one object's sync: removes what the CRM deleted, then moves the watermark to the
     * last stored record. Idempotent: a retry after it finished returns the recorded result.
     */
    async finishObjectSync(input: FinishObjectInput): Promise<{ deleted: number }> {
      const { connectionId, runId, object, mode } = input;
      const key = checkpointKey(object, mode);
      const checkpoint = await storedCheckpoint(deps.models, runId, key);
      if (!checkpoint?.done) throw new Error(`the ${mode} pull of ${object} has not finished`);
      if (checkpoint.finished) return { deleted: checkpoint.counts.deleted };

      const state = await deps.models.SyncState.findById(syncStateKey(connectionId, object)).lean();
      const run = await deps.models.Run.findById(runId, { startedAt: 1, createdAt: 1 }).lean();
      const runStart = run?.startedAt ?? run?.createdAt ?? new Date();
      const ctx = await openSyncContext(deps, connectionId);
      if (!isSyncedObject(ctx.model, object)) throw new Error(`not a synced object: ${object}`);
      const writeRun = createRunWriter(deps, runId, ctx.connector);
      try {
        // A feed read that read everything (full, or its token refused) removes what it did not see;
        // an incremental feed read removed the feed's removals as it went.
        const readAll = mode === 'full' || checkpoint.feed?.full === true;
        let deleted: number;
        if (readAll) deleted = (checkpoint.readPath === 'delta' ? checkpoint.counts.deleted : 0) + (await removeUnseen(deps, connectionId, runId, object));
        else if (checkpoint.readPath === 'delta') deleted = checkpoint.counts.deleted;
        else if (state?.tracksDeletes !== false && state?.watermark) {
          deleted = await removeDeletedSince(deps, ctx, connectionId, object, incrementalStart(state.watermark.stamp, ctx.settings.overlapSeconds));
        } else deleted = 0;

        const now = new Date();
        const watermark = checkpoint.after ?? state?.watermark ?? null;
        // Counting scans the whole collection on FerretDB v1: a full sync counts (it touched every record
        // anyway); an incremental one carries the last count forward by what it inserted and removed.
        const recordCount =
          mode === 'incremental' && !readAll && state?.lastSyncAt
            ? Math.max(0, (state.recordCount ?? 0) + checkpoint.counts.inserted - deleted)
            : await deps.models.crmRecords[object].countDocuments({ connectionId });
        const requestHandled = state?.fullSyncRequested && mode === 'full' && state.fullSyncRequested.at <= runStart;
        await deps.models.SyncState.updateOne(
          { _id: syncStateKey(connectionId, object) },
          {
            $set: {
              watermark,
              lastSyncAt: now,
              lastSyncMode: mode,
              lastRunId: runId,
              recordCount,
              ...(checkpoint.readPath === 'delta' ? { changeToken: checkpoint.feed?.token ?? null } : {}),
              ...(readAll
                ? { lastFullSyncAt: runStart, lastDriftCheckAt: now, lastCalculatedRefreshAt: runStart, fieldsAtLastFullSync: state?.selectFields ?? [] }
                : {}),
              ...(requestHandled ? { fullSyncRequested: null } : {}),
            },
          },
        );
        checkpoint.finished = true;
        checkpoint.counts.deleted = deleted;
        await writeRun({
          checkpoints: { [key]: checkpoint },
          objects: { [object]: { mode, deleted, watermarkBefore: state?.watermark ?? null, watermarkAfter: watermark, recordCount, finishedAt: new Date() } },
        });
        if (readAll) await deps.models.SeenIds.deleteMany({ runId, object });
        return { deleted };
      } finally {
        await writeRun();
      }
    },
  };
}
