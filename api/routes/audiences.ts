import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AUDIENCE_KEYS } from '../../domain/lists/audience';
import type { Models } from '../../domain/models';
import { requirePermission } from '../auth/authorize';
import { previewAudience } from '../services/audience-preview';
import { parseInput } from '../validate';
import type { audienceCountJson } from '../presenters/audience-json-schema';

const id = z.string().refine((v) => Types.ObjectId.isValid(v), 'not a list id');
export const previewInput = z
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
    const count = await previewAudience(models, input);
    res.json(count satisfies z.infer<typeof audienceCountJson>);
  });
  return router;
}
