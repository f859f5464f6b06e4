/** POST /api/v1/audiences/preview: how many people lists and segments reach together (domain/lists/audience.ts). */
import { z } from 'zod';

export const audienceCountJson = z
  .object({
    key: z.enum(['email', 'crmId']),
    sources: z.array(z.object({ kind: z.enum(['list', 'segment']), id: z.string(), name: z.string(), members: z.number().int() }).strict()),
    /** Members of all sources added up, before de-duplication. */
    total: z.number().int(),
    /** Members without a value for the key (no email); not part of `distinct`. */
    withoutKey: z.number().int(),
    distinct: z.number().int(),
    duplicates: z.number().int(),
  })
  .strict();
