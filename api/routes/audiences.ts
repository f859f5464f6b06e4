import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AUDIENCE_KEYS, countAudience } from '../../domain/lists/audience';
import type { Models } from '../../domain/models';
import { requirePermission } from '../auth/authorize';
import { ValidationError } from '../http-errors';
import { segmentAudienceMembers } from '../services/segment-members';
import { parseInput } from '../validate';

const id = z.string().refine((v) => Types.ObjectId.isValid(v), 'not a list id');
const previewInput = z
  .object({
    lists: z.array(id).max(50).default([]),
    segments: z.array(z.string().regex(/^[0-9a-f]{24}$/i, 'not a segment id')).max(50).default([]),
    key: z.enum(AUDIENCE_KEYS, { errorMap: () => ({ message: `key must be one of ${AUDIENCE_KEYS.join(', ')}` }) }),
  })
  .strict()
  .refine((v) => v.lists.length + v.segments.length > 0, { message: 'name at least one list or segment', path: ['lists'] });

/** Audience preview: how many people several lists and segments reach together, before and after de-duplication. */
export function audiencesRouter({ models }: { models: Models }): Router {
  const router = Router();
  router.post('/api/v1/audiences/preview', requirePermission('lists:manage'), async (req, res) => {
    const input = parseInput(previewInput, req.body, 'body');
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
    const count = await countAudience(input.key, [
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
    res.json(count);
  });
  return router;
}
