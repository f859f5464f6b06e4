/** Reading segments for the segment pages and API: the index, the builder's lists, a segment's runs. */
import type { Models } from '../../domain/models';
import { ACTIVE_RUN_STATUSES } from '../../domain/runs';
import { SegmentInputError } from '../../domain/segments/db/segment-input';

export async function listSegments(models: Pick<Models, 'Segment'>, listId?: string) {
  return models.Segment.find(listId ? { listId } : {}).sort({ name: 1 }).lean();
}

/** The segments index: every segment, its list's name and its last run's status, keyed by id. */
export async function loadSegmentsIndex(models: Pick<Models, 'Segment' | 'MarketingList' | 'Run'>) {
  const segments = await listSegments(models);
  const listNames = Object.fromEntries((await models.MarketingList.find({}, { name: 1 }).lean()).map((l) => [String(l._id), l.name]));
  const lastRuns = Object.fromEntries(
    (await Promise.all(segments.map((s) => (s.lastRunId ? models.Run.findById(s.lastRunId, { status: 1 }).lean() : null)))).map((r, i) => [String(segments[i]._id), r]),
  );
  return { segments, listNames, lastRuns };
}

/** The lists a segment can be built on, with what the builder shows and needs for the catalog. */
export async function listBuilderLists(models: Pick<Models, 'MarketingList'>) {
  return models.MarketingList.find({}, { name: 1, connectionId: 1, fields: 1, memberCount: 1 }).sort({ name: 1 }).lean();
}

/** A segment's last run and the refresh in progress, if any, for its page. */
export async function loadSegmentRuns(models: Pick<Models, 'Run'>, segmentId: string, lastRunId: string | null | undefined) {
  const lastRun = lastRunId ? await models.Run.findById(lastRunId, { status: 1, error: 1, createdAt: 1 }).lean() : null;
  const activeRun = await models.Run.findOne({ segmentId, status: { $in: ACTIVE_RUN_STATUSES } }, { status: 1 }).sort({ createdAt: -1 }).lean();
  return { lastRun, activeRun };
}

/** A preview that names a segment (to compare with its stored members) must name one of the same list. */
export async function checkSegmentOfList(models: Pick<Models, 'Segment'>, segmentId: string, listId: string): Promise<void> {
  const segment = await models.Segment.findById(segmentId, { listId: 1 }).lean();
  if (!segment) throw new SegmentInputError([{ path: 'body.segmentId', message: `no segment ${segmentId}` }]);
  if (segment.listId !== listId) throw new SegmentInputError([{ path: 'body.segmentId', message: `segment ${segmentId} belongs to another list` }]);
}
