/**
 * Reading a segment's members with their list values: segment_members holds who is in it as of the
 * last refresh, list_members what the list knows about them now.
 */
import type { Response } from 'express';
import type { Models } from '../../domain/models';
import type { AudienceMember } from '../../domain/lists/audience';
import { readKeysetPage, type KeysetPaging, type SortKey } from '../keyset';
import { streamCsv } from './members-csv';

type MemberModels = Pick<Models, 'ListMember' | 'SegmentMember'>;

export async function segmentCrmIds(models: Pick<Models, 'SegmentMember'>, segmentId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const m of models.SegmentMember.find({ segmentId }, { crmId: 1 }).lean().cursor({ batchSize: 5000 })) ids.add(m.crmId);
  return ids;
}

/**
 * One page of members, each with the list's current values (null when the list lost them since).
 * The total is the segment's memberCount, written with the members by each refresh.
 */
export async function segmentMembersPage(
  models: MemberModels,
  segment: { id: string; listId: string; memberCount: number },
  page: KeysetPaging & { sort: 'crmId' | 'joinedAt'; dir: 'asc' | 'desc' },
) {
  const dir = page.dir === 'asc' ? 1 : -1;
  const keys: SortKey[] = page.sort === 'crmId' ? [{ field: 'crmId', dir }] : [{ field: 'joinedAt', dir }, { field: 'crmId', dir: 1 }];
  const { rows, next } = await readKeysetPage(models.SegmentMember, { segmentId: segment.id }, keys, page);
  const total = segment.memberCount;
  const listed = await models.ListMember.find({ listId: segment.listId, crmId: { $in: rows.map((r) => r.crmId) } }, { crmId: 1, values: 1, behaviorScore: 1 }).lean();
  const byId = new Map(listed.map((m) => [m.crmId, m]));
  const members = rows.map((r) => {
    const m = byId.get(r.crmId);
    return { crmId: r.crmId, type: r.type, email: typeof m?.values?.email === 'string' ? m.values.email : null, values: m?.values ?? null, joinedAt: r.joinedAt };
  });
  return { members, total, next };
}

/** The list members in the segment, streamed: one scan of the list, filtered by the segment's ids. */
async function* membersInSegment(models: MemberModels, segment: { id: string; listId: string }) {
  const ids = await segmentCrmIds(models, segment.id);
  for await (const m of models.ListMember.find({ listId: segment.listId }).sort({ emailKey: 1, crmId: 1 }).lean().cursor({ batchSize: 2000 })) {
    if (ids.has(m.crmId)) yield m;
  }
}

export async function streamSegmentCsv(models: MemberModels, res: Response, segment: { id: string; listId: string; name: string }, fields: string[]): Promise<void> {
  async function* rows() {
    for await (const m of membersInSegment(models, segment)) yield [m.crmId, m.type, ...fields.map((f) => m.values?.[f])];
  }
  await streamCsv(res, `${segment.name}.csv`, ['crmId', 'type', ...fields], rows());
}

/** A segment as an audience source: its members with their de-duplication keys. */
export async function* segmentAudienceMembers(models: MemberModels, segment: { id: string; listId: string }): AsyncIterable<AudienceMember> {
  for await (const m of membersInSegment(models, segment)) yield { connectionId: m.connectionId, crmId: m.crmId, emailKey: m.emailKey ?? null };
}
