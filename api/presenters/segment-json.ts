import type { SegmentDoc } from '../../domain/models/segment';
import type { SegmentJson } from './segment-json-schema';

type StoredSegment = SegmentDoc & { _id: unknown; createdAt?: Date; updatedAt?: Date };

/** The public shape of a segment, the same in the JSON API and the pages. */
export function presentSegment(segment: StoredSegment): SegmentJson {
  return {
    id: String(segment._id),
    listId: segment.listId,
    connectionId: segment.connectionId,
    name: segment.name,
    query: segment.query as unknown,
    /** Members as of the last refresh. */
    count: segment.memberCount ?? 0,
    refreshedAt: segment.refreshedAt ?? null,
    /** The time of the CRM data the last refresh read. */
    dataAsOf: segment.dataAsOf ?? null,
    /** Who joined and left in the last refresh. */
    added: segment.lastAdded ?? 0,
    removed: segment.lastRemoved ?? 0,
    lastRunId: segment.lastRunId ?? null,
    createdBy: segment.createdBy ?? null,
    createdAt: segment.createdAt ?? null,
    updatedAt: segment.updatedAt ?? null,
  };
}

export type { SegmentJson };
