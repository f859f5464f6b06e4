/** POST /api/v1/events: what became of a batch (domain/scoring/ingest-events.ts IngestResult). */
import { z } from 'zod';

export const eventsIngestedJson = z
  .object({
    received: z.number().int(),
    stored: z.number().int(),
    /** Events already stored (same idempotency key or content): not counted twice. */
    duplicates: z.number().int(),
    /** Each refused event by its index in the batch, with the reason. */
    rejected: z.array(z.object({ index: z.number().int(), reason: z.string() }).strict()),
  })
  .strict();
