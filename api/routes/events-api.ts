import { Router } from 'express';
import { z } from 'zod';
import type { Models } from '../../domain/models';
import { MAX_EVENTS_PER_BATCH } from '../../domain/scoring/event-input';
import { ingestEvents } from '../../domain/scoring/ingest-events';
import { requirePermission } from '../auth/authorize';
import { parseInput } from '../validate';
import type { eventsIngestedJson } from '../presenters/events-json-schema';

/** Only the batch's shape is checked here; each event is checked on its own so one bad event never drops the rest. */
export const eventBatch = z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH);

/** Engagement events from marketing tools: they feed behavioural scores. */
export function eventsApiRouter({ models }: { models: Models }): Router {
  const router = Router();

  // 200 even when some events were rejected: the good ones are stored, and `rejected` names the others by index.
  router.post('/api/v1/events', requirePermission('lists:manage'), async (req, res) => {
    const batch = parseInput(eventBatch, req.body, 'body');
    res.json((await ingestEvents(models, batch)) satisfies z.infer<typeof eventsIngestedJson>);
  });

  return router;
}
