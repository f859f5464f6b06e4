/**
 * Bounded growth: every refresh of a segment and every list run record who joined and left, and
 * every run leaves a document; without pruning those collections grow for ever (and with them every
 * count and scan over them). A pass deletes, per segment and per list, the membership changes that
 * are both older than the policy's days and outside its last N runs, then the finished runs older
 * than the run retention with what only they refer to. Each delete is scoped by an indexed
 * equality (segment, list, run id, status), so a pass never decodes another owner's history.
 */
import type { RetentionPolicy, RetentionResult } from '../../contract/retention';
import type { Models } from '../models';
import { FOLD_LAG_MS, foldMetricTally } from '../metrics/metric-totals';
import { deleteFinishedRun } from '../runs/run-retention';

type RetentionModels = Pick<
  Models,
  'Segment' | 'MarketingList' | 'Run' | 'SegmentMembershipChange' | 'MembershipChange' | 'SyncError' | 'PushError' | 'FieldConflict' | 'Alert' | 'MetricTally'
>;

const DAY_MS = 86_400_000;
const FINISHED = ['succeeded', 'failed', 'cancelled'] as const;
/** Runs whose changes are listed on a list's page: imports and syncs. */
const LIST_RUN_KINDS = ['list-import', 'list-sync'];

/** The ids of an owner's last `keep` runs, newest first by creation. */
function lastRunIds(runs: { _id: unknown; createdAt: Date }[], keep: number): string[] {
  return [...runs]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, keep)
    .map((r) => String(r._id));
}

async function pruneSegmentChanges(models: RetentionModels, policy: RetentionPolicy, now: Date, progress: () => void): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.changeDays * DAY_MS);
  let deleted = 0;
  for (const segment of await models.Segment.find({}, { _id: 1 }).lean()) {
    const segmentId = String(segment._id);
    const kept = lastRunIds(await models.Run.find({ segmentId }, { createdAt: 1 }).lean(), policy.keepRefreshes);
    const result = await models.SegmentMembershipChange.deleteMany({ segmentId, at: { $lt: cutoff }, runId: { $nin: kept } });
    deleted += result.deletedCount;
    progress();
  }
  return deleted;
}

async function pruneListChanges(models: RetentionModels, policy: RetentionPolicy, now: Date, progress: () => void): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.changeDays * DAY_MS);
  let deleted = 0;
  for (const list of await models.MarketingList.find({}, { _id: 1 }).lean()) {
    const listId = String(list._id);
    const runs = (await models.Run.find({ listId }, { createdAt: 1, kind: 1 }).lean()).filter((r) => LIST_RUN_KINDS.includes(r.kind));
    const kept = lastRunIds(runs, policy.keepRefreshes);
    const result = await models.MembershipChange.deleteMany({ listId, at: { $lt: cutoff }, runId: { $nin: kept } });
    deleted += result.deletedCount;
    progress();
  }
  return deleted;
}

/**
 * Finished runs past the run retention, with their sync errors, conflicts, membership changes and
 * the push errors a later push resolved. Open push errors stay (they are the list's open errors),
 * and so does each segment's last refresh (its page shows it).
 */
async function pruneRuns(models: RetentionModels, policy: RetentionPolicy, now: Date, progress: () => void): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.runDays * DAY_MS);
  const shown = new Set((await models.Segment.find({}, { lastRunId: 1 }).lean()).map((s) => s.lastRunId).filter(Boolean));
  // /metrics' counters include a run by its stored document until it is folded into their tally:
  // fold first, and leave a run the tally does not hold yet for the next pass, so no counter goes down.
  const { upTo: counted } = await foldMetricTally(models, new Date(now.getTime() - FOLD_LAG_MS));
  const unfolded = (finishedAt: Date | null | undefined) => !!finishedAt && finishedAt > counted;
  let deleted = 0;
  for (const status of FINISHED) {
    const old = (await models.Run.find({ status }, { createdAt: 1, finishedAt: 1 }).lean()).filter(
      (r) => r.createdAt < cutoff && !shown.has(String(r._id)) && !unfolded(r.finishedAt),
    );
    for (const run of old) {
      const runId = String(run._id);
      await Promise.all([
        models.SyncError.deleteMany({ runId }),
        models.FieldConflict.deleteMany({ runId }),
        models.MembershipChange.deleteMany({ runId }),
        models.SegmentMembershipChange.deleteMany({ runId }),
        models.PushError.deleteMany({ runId, resolvedByRunId: { $ne: null } }),
      ]);
      deleted += await deleteFinishedRun(models, runId, FINISHED);
      progress();
    }
  }
  return deleted;
}

/** One retention pass; `progress` is called after each owner or run (the activity heartbeats there). */
export async function pruneHistory(models: RetentionModels, policy: RetentionPolicy, now = new Date(), progress: () => void = () => {}): Promise<RetentionResult> {
  const runs = await pruneRuns(models, policy, now, progress);
  const segmentChanges = await pruneSegmentChanges(models, policy, now, progress);
  const listChanges = await pruneListChanges(models, policy, now, progress);
  return { segmentChanges, listChanges, runs };
}
