/**
 * Saving, changing and removing segments. A query is checked against its list's catalog before it
 * is stored; storing never evaluates it (a refresh does), so saving stays instant on a large list.
 */
import type { Models } from '../../models';
import { loadListForSegment, prepareSegmentQuery, SegmentInputError, type SegmentInputDeps } from './segment-input';

type StoreDeps = SegmentInputDeps & { models: Pick<Models, 'CrmDescribe' | 'Connection' | 'MarketingList' | 'Segment' | 'SegmentMember'> };

export async function defineSegment(deps: StoreDeps, input: { listId: string; name: string; query: unknown }, createdBy: string | undefined, root = 'body') {
  const { list, query } = await prepareSegmentQuery(deps, input, root);
  return deps.models.Segment.create({ listId: String(list._id), connectionId: String(list.connectionId), name: input.name, query, createdBy });
}

/**
 * A new name or query for a stored segment. Its list does not change: the members and their
 * history belong to that list. The stored members stay until the next refresh.
 */
export async function changeSegment(deps: StoreDeps, segmentId: string, input: { name?: string; query?: unknown; listId?: string }, root = 'body'): Promise<void> {
  const segment = await deps.models.Segment.findById(segmentId).lean();
  if (!segment) throw new SegmentInputError([{ path: 'id', message: `no segment ${segmentId}` }]);
  if (input.listId !== undefined && input.listId !== segment.listId) {
    throw new SegmentInputError([{ path: `${root}.listId`, message: 'a segment stays on its list; create a new segment for another list' }]);
  }
  const $set: Record<string, unknown> = {};
  if (input.name !== undefined) $set.name = input.name;
  if (input.query !== undefined) {
    await loadListForSegment(deps.models, segment.listId, `${root}.listId`);
    $set.query = (await prepareSegmentQuery(deps, { listId: segment.listId, query: input.query }, root)).query;
  }
  if (Object.keys($set).length > 0) await deps.models.Segment.updateOne({ _id: segmentId }, { $set });
}

/** Removes the segment and its members; the recorded changes stay with the runs that made them. */
export async function removeSegment(models: Pick<Models, 'Segment' | 'SegmentMember'>, segmentId: string): Promise<void> {
  await models.Segment.deleteOne({ _id: segmentId });
  await models.SegmentMember.deleteMany({ segmentId });
}
