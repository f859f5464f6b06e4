import { countAudience, type AudienceKey } from '../../domain/lists/audience';
import type { Models } from '../../domain/models';
import { ValidationError } from '../http-errors';
import { segmentAudienceMembers } from './segment-members';

/**
 * How many people several lists and segments reach together. Every named list and segment must
 * exist: a missing one is a 400 naming its place in the body, not a silently smaller audience.
 */
export async function previewAudience(models: Models, input: { lists: string[]; segments: string[]; key: AudienceKey }) {
  const lists = await models.MarketingList.find({ _id: { $in: input.lists } }, { name: 1 }).lean();
  const segments = input.segments.length ? await models.Segment.find({ _id: { $in: input.segments } }, { name: 1, listId: 1 }).lean() : [];
  const missing = [
    ...input.lists.map((id, i) => ({ id, path: `body.lists[${i}]`, what: 'list', found: lists.some((l) => String(l._id) === id) })),
    ...input.segments.map((id, i) => ({ id, path: `body.segments[${i}]`, what: 'segment', found: segments.some((s) => String(s._id) === id) })),
  ].filter((m) => !m.found);
  if (missing.length > 0) throw new ValidationError(missing.map((m) => ({ path: m.path, message: `no ${m.what} ${m.id}` })));
  const byId = new Map(lists.map((l) => [String(l._id), l]));
  const segmentById = new Map(segments.map((s) => [String(s._id), s]));
  // Lists and segments feed one de-duplication: a person in a list and in a segment counts once.
  return countAudience(input.key, [
    ...[...new Set(input.lists)].map((listId) => ({
      source: { kind: 'list' as const, id: listId, name: byId.get(listId)?.name ?? listId },
      members: models.ListMember.find({ listId }, { connectionId: 1, crmId: 1, emailKey: 1 }).lean().cursor({ batchSize: 5000 }),
    })),
    ...[...new Set(input.segments)].map((segmentId) => {
      const segment = segmentById.get(segmentId);
      return {
        source: { kind: 'segment' as const, id: segmentId, name: segment?.name ?? segmentId },
        members: segmentAudienceMembers(models, { id: segmentId, listId: segment?.listId ?? '' }),
      };
    }),
  ]);
}
