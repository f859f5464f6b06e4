import { ApplicationFailure } from '@temporalio/activity';
import type { Models } from '../../domain/models';
import { segmentMemberKey, type SegmentMemberDoc } from '../../domain/models/segment-member';
import type { SegmentMembershipChangeDoc } from '../../domain/models/segment-membership-change';
import { findSegmentMembers } from '../../domain/segments/db/evaluate-segment';
import { segmentCatalogForList } from '../../domain/segments/db/list-catalog';
import { validateSegmentQuery } from '../../domain/segments/validate';
import { SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE, type SegmentRefreshInput, type SegmentRefreshResult } from '../../contract';
import { keepAlive } from '../crm-admin-sync/keep-alive';
import type { SegmentDeps } from './segment-deps';
import { recordSegmentRefresh, setRunProgress } from '../../domain/runs';

const WRITE_BATCH = 1_000;

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}

async function insertIgnoringDuplicates<T>(model: { insertMany(docs: T[], options: { ordered: false }): Promise<unknown> }, docs: T[]): Promise<void> {
  for (let i = 0; i < docs.length; i += WRITE_BATCH) {
    await model.insertMany(docs.slice(i, i + WRITE_BATCH), { ordered: false }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
}

async function openSegment(models: Models, segmentId: string) {
  const segment = await models.Segment.findById(segmentId).lean();
  if (!segment) throw ApplicationFailure.create({ type: SEGMENT_NOT_FOUND_FAILURE, message: `segment ${segmentId} no longer exists`, nonRetryable: true });
  const list = await models.MarketingList.findById(segment.listId).lean();
  if (!list) throw ApplicationFailure.create({ type: SEGMENT_NOT_FOUND_FAILURE, message: `the list of segment '${segment.name}' no longer exists`, nonRetryable: true });
  return { segment, list };
}

/**
 * Evaluates a segment on the stored CRM data and list members and makes `segment_members` equal to
 * the result, recording who joined and who left. Writes are keyed by natural ids and the counts are
 * read back from the recorded changes, so a retried attempt repeats nothing and counts nothing twice.
 */
export function createRefreshMembersActivity(deps: SegmentDeps) {
  const { models } = deps;
  return {
    async refreshSegmentMembers({ segmentId, runId }: SegmentRefreshInput): Promise<SegmentRefreshResult> {
      const progress = { phase: 'evaluate' };
      return keepAlive(() => progress, async (checkCancelled) => {
        const { segment, list } = await openSegment(models, segmentId);
        const catalog = await segmentCatalogForList(deps, list);
        // The describe or the list's fields may have changed since the query was saved.
        const validation = validateSegmentQuery(segment.query, catalog);
        if (!validation.ok) {
          const problems = validation.problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ');
          throw ApplicationFailure.create({ type: SEGMENT_QUERY_INVALID_FAILURE, message: `The segment's query no longer fits the CRM fields or the list: ${problems}`, nonRetryable: true });
        }
        await setRunProgress(models, runId, progress);
        const now = new Date();
        const found = await findSegmentMembers(models, { listId: String(list._id), connectionId: String(list.connectionId), catalog, query: validation.query }, now);
        checkCancelled();

        progress.phase = 'store';
        await setRunProgress(models, runId, progress);
        const stored = new Set<string>();
        for await (const m of models.SegmentMember.find({ segmentId }, { crmId: 1 }).lean().cursor({ batchSize: 5000 })) stored.add(m.crmId);
        const joined = [...found].filter((id) => !stored.has(id));
        const left = [...stored].filter((id) => !found.has(id));

        const change = (crmId: string, kind: SegmentMembershipChangeDoc['change']): SegmentMembershipChangeDoc => ({ _id: `${runId}:${crmId}`, runId, segmentId, crmId, change: kind, at: now });
        for (let i = 0; i < joined.length; i += WRITE_BATCH) {
          checkCancelled();
          const batch = joined.slice(i, i + WRITE_BATCH);
          const types = new Map((await models.ListMember.find({ listId: String(list._id), crmId: { $in: batch } }, { crmId: 1, type: 1 }).lean()).map((m) => [m.crmId, m.type]));
          const members: SegmentMemberDoc[] = batch.map((crmId) => ({ _id: segmentMemberKey(segmentId, crmId), segmentId, listId: String(list._id), crmId, type: types.get(crmId) ?? 'Contact', joinedAt: now }));
          // Changes first: a crash between the two writes leaves the change recorded, and the retry's
          // member insert completes the pair.
          await insertIgnoringDuplicates(models.SegmentMembershipChange, batch.map((id) => change(id, 'joined')));
          await insertIgnoringDuplicates(models.SegmentMember, members);
        }
        for (let i = 0; i < left.length; i += WRITE_BATCH) {
          checkCancelled();
          const batch = left.slice(i, i + WRITE_BATCH);
          await insertIgnoringDuplicates(models.SegmentMembershipChange, batch.map((id) => change(id, 'left')));
          await models.SegmentMember.deleteMany({ segmentId, crmId: { $in: batch } });
        }

        const [count, joinedCount, leftCount] = await Promise.all([
          models.SegmentMember.countDocuments({ segmentId }),
          models.SegmentMembershipChange.countDocuments({ runId, change: 'joined' }),
          models.SegmentMembershipChange.countDocuments({ runId, change: 'left' }),
        ]);
        const dataAsOf = list.dataAsOf ? list.dataAsOf.toISOString() : null;
        await models.Segment.updateOne(
          { _id: segmentId },
          { $set: { memberCount: count, refreshedAt: now, dataAsOf: list.dataAsOf ?? null, lastRunId: runId, lastAdded: joinedCount, lastRemoved: leftCount } },
        );
        await recordSegmentRefresh(models, runId, { count, joined: joinedCount, left: leftCount, dataAsOf });
        return { runId, count, joined: joinedCount, left: leftCount, dataAsOf };
      });
    },
  };
}
