import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { isSyncedObject } from '../../domain/crm/synced-objects';
import { objectModel } from '../../domain/crm/crm-model';
import { syncStateKey } from '../../domain/models/sync-state';
import { emptyObjectCounts, type PageBatchResult, type SyncMode } from '../../contract';
import { keepAlive } from './keep-alive';
import { checkpointKey, furthestCheckpoint, storedCheckpoint, type PullCheckpoint } from './checkpoint';
import { bulkPageReader, chooseReadPath, restPageReader, type FetchedPage, type PullPosition, type ReadPath } from './read-path';
import { loadKnownRecords, removeRecords, storeRecords, type KnownRecords } from './store-records';
import { skipRecordsWithoutId } from './skip-keyless-records';
import { changeWatchFor } from './changed-ids-recorder';
import { viewSourcesOf } from '../../domain/contacts/person-links';
import { createRunWriter, openSyncContext, type SyncContext, type SyncDeps } from './sync-context';
import { isLostBulkJob, restartBulkRead, startOrJoinBulkJob } from './bulk-query-job';
import { CHANGE_TOKEN_REFUSED, feedPageReader, isChangeTokenRefused, readsChangeFeed } from './change-feed';
import { noteObjectPullStarted, type AdminSyncRunPatch } from '../../domain/runs';

export interface PullPagesInput {
  connectionId: string;
  runId: string;
  object: string;
  mode: SyncMode;
  /** The attempt returns after this long so the workflow can continue-as-new between batches. */
  budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 5 * 60_000;

/** The instant an incremental pull starts at: the watermark minus the overlap window. */
export function incrementalStart(watermarkStamp: string, overlapSeconds: number): string {
  return new Date(Date.parse(watermarkStamp) - overlapSeconds * 1000).toISOString();
}

/**
 * REST or bulk, for the first attempt of an object's pull. The previous sync's count decides when
 * there is one (free). On a first sync the first REST page is read: an object that fits in it stays
 * on REST at no extra call; a larger one costs one record-count call, and the page is kept as the
 * pull's first page unless bulk is chosen.
 */
async function decideReadPath(
  ctx: SyncContext,
  object: string,
  mode: SyncMode,
  previousCount: number | undefined,
  readFirstRestPage: () => Promise<FetchedPage>,
): Promise<{ path: ReadPath; firstPage?: FetchedPage }> {
  const { connector } = ctx;
  const bulkAvailable = Boolean(connector.startBulkRead && connector.fetchBulkReadPage && connector.countRecords);
  if (mode !== 'full' || !bulkAvailable) return { path: 'rest' };
  const threshold = ctx.settings.bulkQueryThreshold;
  if (previousCount !== undefined) return { path: chooseReadPath({ mode, recordCount: previousCount, threshold, bulkAvailable }) };
  const firstPage = await readFirstRestPage();
  if (firstPage.done) return { path: 'rest', firstPage };
  const recordCount = await ctx.guarded(() => connector.countRecords!(object));
  const path = chooseReadPath({ mode, recordCount, threshold, bulkAvailable });
  return path === 'bulk' ? { path } : { path, firstPage };
}

export function createPullActivity(deps: SyncDeps) {
  return {
    /**
     * Pulls pages of one object and stores each before checkpointing past it: REST pages in
     * (modification stamp, id) order, or, for a full pull of a large object, the results of one bulk
     * query job by locator; an object the model reads by `delta` reads the CRM's change feed
     * (change-feed.ts) and removes what the feed says was removed. The next page is fetched while
     * the current one is stored, so the CRM and the database work at the same time. A full pull
     * also records the ids it saw, for the removal of records gone from the CRM.
     */
    async pullObjectPages(input: PullPagesInput): Promise<PageBatchResult> {
      const { connectionId, runId, object, mode } = input;
      const context = Context.current();
      // When the object's step began, for the run's timeline (first batch only).
      await noteObjectPullStarted(deps.models, runId, object);
      const state = await deps.models.SyncState.findById(syncStateKey(connectionId, object)).lean();
      const fields = state?.selectFields ?? [];
      const key = checkpointKey(object, mode);
      const resumed = furthestCheckpoint(await storedCheckpoint(deps.models, runId, key), context.info.heartbeatDetails as PullCheckpoint | undefined);
      const checkpoint: PullCheckpoint = resumed ?? { pages: 0, counts: emptyObjectCounts(), done: false };
      if (checkpoint.done) return { done: true, pages: checkpoint.pages, counts: checkpoint.counts };

      const ctx = await openSyncContext(deps, connectionId);
      if (!isSyncedObject(ctx.model, object)) throw new Error(`not a synced object: ${object}`);
      const writeRun = createRunWriter(deps, runId, ctx.connector);
      const overlap = ctx.settings.overlapSeconds;
      const since = mode === 'incremental' && state?.watermark ? incrementalStart(state.watermark.stamp, overlap) : undefined;
      const model = deps.models.crmRecords[object];
      const identifyingFields = objectModel(ctx.model, object)?.identifyingFields ?? [];
      const deadline = Date.now() + (input.budgetMs ?? DEFAULT_BUDGET_MS);
      try {
        const request = { connector: ctx.connector, object, fields, since, pageSize: ctx.settings.pageSize };
        let firstPage: FetchedPage | undefined;
        // Chosen once per object and run, then kept by every retry: a resumed bulk read must not switch to REST halfway.
        const feed = readsChangeFeed(ctx.model, ctx.connector, object);
        if (!checkpoint.readPath && feed) {
          // Incremental reads start from the token the last pull ended with; without one the feed is read in full.
          const full = mode === 'full' || !state?.changeToken;
          checkpoint.readPath = 'delta';
          checkpoint.feed = { full };
          const reason = mode === 'incremental' && full ? { reason: 'no change token stored; read in full' } : {};
          await writeRun({ checkpoints: { [key]: checkpoint }, objects: { [object]: { readPath: checkpoint.readPath, ...reason } } });
        } else if (!checkpoint.readPath) {
          // recordCount defaults to 0 before an object's first finished sync: only a finished sync's count is one.
          const previousCount = state?.lastSyncAt ? (state.recordCount ?? undefined) : undefined;
          const decided = await decideReadPath(ctx, object, mode, previousCount, () => ctx.guarded(() => restPageReader(request)({})));
          checkpoint.readPath = decided.path;
          firstPage = decided.firstPage;
          await writeRun({ checkpoints: { [key]: checkpoint }, objects: { [object]: { readPath: checkpoint.readPath } } });
        }
        const readPage =
          checkpoint.readPath === 'delta'
            ? feedPageReader(request, state?.changeToken ?? undefined)
            : checkpoint.readPath === 'bulk'
              ? bulkPageReader(request)
              : restPageReader(request);
        // Reading everything (a full pull, or a feed read whose token was refused) records the ids seen.
        const recordsSeen = () => mode === 'full' || checkpoint.feed?.full === true;
        // A full pull touches every record: one scan for all their hashes beats one look-up per page.
        const known: KnownRecords | undefined = mode === 'full' ? await loadKnownRecords(model, connectionId) : undefined;
        // An incremental pull tells the contact-view rebuild which people it touched.
        const watch = mode === 'incremental' ? changeWatchFor(deps.models, viewSourcesOf(ctx.model), { runId, connectionId, object }) : undefined;
        const saveCheckpoint = (patch: AdminSyncRunPatch = {}) => writeRun({ ...patch, checkpoints: { [key]: checkpoint } });
        await keepAlive(
          () => checkpoint,
          async (checkCancelled) => {
            const fetchAfter = (position: PullPosition) => {
              const page = ctx.guarded(() => readPage(position));
              // Awaited below; until then a failure must not surface as an unhandled rejection.
              page.catch(() => undefined);
              return page;
            };
            const readPages = async () => {
              if (checkpoint.readPath === 'bulk') await startOrJoinBulkJob(ctx, checkpoint, { object, fields }, saveCheckpoint);
              let next: Promise<FetchedPage> | undefined = firstPage ? Promise.resolve(firstPage) : fetchAfter({ after: checkpoint.after, bulk: checkpoint.bulk, feed: checkpoint.feed });
              while (next) {
                checkCancelled();
                const page: FetchedPage = await next;
                checkCancelled();
                // Read ahead while this page is written; past the budget no further page is requested.
                next = page.done || Date.now() >= deadline ? undefined : fetchAfter(page.next);
                const records = await skipRecordsWithoutId(deps.models, { runId, connectionId, object }, page.records, identifyingFields);
                const written = await storeRecords(model, connectionId, records, known, watch);
                if (recordsSeen() && records.length > 0) {
                  await deps.models.SeenIds.insertMany([{ _id: `${runId}:${object}:${randomUUID()}`, runId, object, ids: records.map((r) => r.id) }]);
                }
                // Removed since the token: gone locally too, counted as deletes (so contact views rebuild in full).
                if (page.removedIds?.length) checkpoint.counts.deleted += await removeRecords(model, connectionId, page.removedIds);
                checkpoint.after = page.next.after;
                if (page.next.bulk) checkpoint.bulk = page.next.bulk;
                if (page.next.feed) checkpoint.feed = page.next.feed;
                checkpoint.pages += 1;
                checkpoint.done = page.done;
                checkpoint.counts.fetched += page.records.length;
                checkpoint.counts.inserted += written.inserted;
                checkpoint.counts.updated += written.updated;
                checkpoint.counts.unchanged += written.unchanged;
                await saveCheckpoint({
                  objects: { [object]: { fetched: checkpoint.counts.fetched, inserted: checkpoint.counts.inserted, updated: checkpoint.counts.updated, unchanged: checkpoint.counts.unchanged } },
                  progress: { object, phase: mode === 'full' ? 'full pull' : 'incremental pull', fetched: checkpoint.counts.fetched },
                });
                context.heartbeat(checkpoint);
              }
            };
            for (;;) {
              try {
                return await readPages();
              } catch (err) {
                // A refused change token: read the whole object from the feed instead, and say so on the run.
                // Removals since the token are then found as the ids the full read did not see (finishObjectSync).
                if (checkpoint.readPath === 'delta' && !checkpoint.feed?.full && isChangeTokenRefused(err)) {
                  checkpoint.feed = { full: true };
                  await saveCheckpoint({ objects: { [object]: { reason: CHANGE_TOKEN_REFUSED } } });
                  context.heartbeat(checkpoint);
                  continue;
                }
                // A lost query job (failed, aborted, deleted) fails every retry that joins it: only a new job goes on.
                // The lost page was the one awaited, so nothing else of this read is still in flight.
                if (checkpoint.readPath !== 'bulk' || !isLostBulkJob(err)) throw err;
                await restartBulkRead({ models: deps.models, runId, object, checkpoint, lost: err, saveRun: saveCheckpoint });
                context.heartbeat(checkpoint);
              }
            }
          },
        );
      } finally {
        await writeRun();
      }
      // The SDK's context logger adds the workflow id and attempt, the worker's interceptor the run and connection.
      context.log.info('pulled pages', { object, mode, readPath: checkpoint.readPath, pages: checkpoint.pages, fetched: checkpoint.counts.fetched, done: checkpoint.done });
      return { done: checkpoint.done, pages: checkpoint.pages, counts: checkpoint.counts };
    },
  };
}
