import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AUDIENCE_KEYS, countAudience } from '../../domain/lists/audience';
import type { Models } from '../../domain/models';
import { requirePermission } from '../auth/authorize';
import { ValidationError } from '../http-errors';
import { parseInput } from '../validate';

const id = z.string().refine((v) => Types.ObjectId.isValid(v), 'not a list id');
const previewInput = z
  .object({
    lists: z.array(id).max(50).default([]),
    segments: z.array(z.string()).max(50).default([]),
    key: z.enum(AUDIENCE_KEYS, { errorMap: () => ({ message: `key must be one of ${AUDIENCE_KEYS.join(', ')}` }) }),
  })
  .strict()
  .refine((v) => v.lists.length + v.segments.length > 0, { message: 'name at least one list or segment', path: ['lists'] });

/** Audience preview: how many people several lists reach together, before and after de-duplication. */
export function audiencesRouter({ models }: { models: Models }): Router {
  const router = Router();
  router.post('/api/v1/audiences/preview', requirePermission('lists:manage'), async (req, res) => {
    const input = parseInput(previewInput, req.body, 'body');
    if (input.segments.length > 0) throw new ValidationError([{ path: 'body.segments', message: 'segments cannot be part of an audience yet' }]);
    const lists = await models.MarketingList.find({ _id: { $in: input.lists } }, { name: 1 }).lean();
    const missing = input.lists.map((listId, i) => ({ listId, i })).filter(({ listId }) => !lists.some((l) => String(l._id) === listId));
    if (missing.length > 0) throw new ValidationError(missing.map(({ listId, i }) => ({ path: `body.lists[${i}]`, message: `no list ${listId}` })));
    const byId = new Map(lists.map((l) => [String(l._id), l]));
    const unique = [...new Set(input.lists)];
    const count = await countAudience(
      input.key,
      unique.map((listId) => ({
        source: { kind: 'list' as const, id: listId, name: byId.get(listId)?.name ?? listId },
        members: models.ListMember.find({ listId }, { connectionId: 1, crmId: 1, emailKey: 1 }).lean().cursor({ batchSize: 5000 }),
      })),
    );
    res.json(count);
  });
  return router;
}
