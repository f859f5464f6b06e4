/**
 * Response pieces every JSON API answer shares: instants, page info, started runs and the error
 * body. Schemas of what the API sends, so the OpenAPI document, the presenters (their return types
 * are these schemas' types) and the CLI (it parses answers with them) cannot drift apart.
 */
import { z } from 'zod';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A Date on the server, its ISO string on the wire: parsing a received body turns the string back
 * into a Date, so presenters and the CLI share one type. Only ISO strings are read as instants; a
 * number or any other text in a date field is refused, not coerced.
 */
export const instant = z.preprocess((v) => (typeof v === 'string' && ISO_INSTANT.test(v) ? new Date(v) : v), z.date()).describe('An instant, ISO 8601 in UTC');

/** A number with its label, as the runs table and the run steps show them ("12 fetched"). */
export const labelledCount = z.object({ label: z.string(), value: z.number() }).strict();

/** The page info of every paged list (api/paging.ts). */
export const pageJson = z
  .object({
    page: z.number().int(),
    perPage: z.number().int(),
    total: z.number().int(),
    pages: z.number().int(),
    sort: z.string(),
    dir: z.enum(['asc', 'desc']),
    after: z.string().optional(),
    next: z.string().nullable().optional(),
    totalCapped: z.boolean().optional(),
  })
  .strict();

/** What a trigger got (api/services/run-starter.ts): its own run, the run it joined, or a follow-up. */
export const startedRunJson = z
  .object({
    runId: z.string(),
    joined: z.boolean(),
    queuedBehind: z.string().optional(),
    fullSyncQueued: z.boolean().optional(),
  })
  .strict();

export const retriedRunJson = startedRunJson.extend({ retryOf: z.string() }).strict();

export const cancelRequestedJson = z.object({ runId: z.string(), status: z.literal('cancelling') }).strict();

/**
 * Every refusal (api/error-handler.ts). `details` of a 400 lists what is wrong, each entry with the
 * path of the field (`body.auth.password`) and the rule it broke; other statuses may carry their own.
 */
export const errorJson = z
  .object({
    error: z
      .object({
        status: z.number().int(),
        message: z.string(),
        details: z.unknown().optional(),
      })
      .strict(),
  })
  .strict();

/** The `details` of a 400 from input validation (api/http-errors.ts ValidationError). */
export const validationProblemsJson = z.array(z.object({ path: z.string(), message: z.string() }).strict());

export type PageJson = z.infer<typeof pageJson>;
export type StartedRunJson = z.infer<typeof startedRunJson>;
export type ErrorJson = z.infer<typeof errorJson>;
