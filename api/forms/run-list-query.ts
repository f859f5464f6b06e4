import { Types } from 'mongoose';
import { z } from 'zod';
import { RUN_KINDS, RUN_STATUSES, RUN_TRIGGERS } from '../../domain/models/run';
import { tableQuery } from '../paging';

const objectId = (what: string) => z.string().refine((id) => Types.ObjectId.isValid(id), `must be a ${what} id`);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO date (a whole UTC day) or date-time with its zone; anything else names the field in a 400. */
const isoInstant = z
  .string()
  .refine((v) => (DATE_ONLY.test(v) || DATE_TIME.test(v)) && !Number.isNaN(Date.parse(v)), 'must be an ISO date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z');

/** One status or several separated by commas (`queued,running,paused`): what the live page polls for. */
const statuses = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(RUN_STATUSES, { errorMap: () => ({ message: `use ${RUN_STATUSES.join(', ')} (several separated by commas)` }) })).min(1));

/** Filters, sorting and paging of GET /runs and GET /api/v1/runs. Unknown keys are refused by name. */
export const runListQuery = tableQuery(['createdAt', 'startedAt', 'finishedAt', 'status', 'kind'], 'createdAt')
  .extend({
    status: statuses.optional(),
    kind: z.enum(RUN_KINDS).optional(),
    trigger: z.enum(RUN_TRIGGERS).optional(),
    connectionId: objectId('connection').optional(),
    listId: objectId('list').optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const range = createdAtRange(q);
    const empty = range.$gte && range.to && (range.toExclusive ? range.$gte >= range.to : range.$gte > range.to);
    if (empty) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must not be before from' });
  });

export type RunListQuery = z.infer<typeof runListQuery>;

/** `from` is inclusive; a `to` given as a date includes that whole (UTC) day. */
function createdAtRange(q: { from?: string; to?: string }): { $gte?: Date; to?: Date; toExclusive: boolean } {
  const from = q.from ? new Date(q.from) : undefined;
  if (!q.to) return { $gte: from, toExclusive: false };
  const wholeDay = DATE_ONLY.test(q.to);
  const to = new Date(q.to);
  return { $gte: from, to: wholeDay ? new Date(to.getTime() + 86_400_000) : to, toExclusive: wholeDay };
}

/** The MongoDB filter for validated query values only (never the raw query). */
export function runListFilter(q: RunListQuery): Record<string, unknown> {
  const range = createdAtRange(q);
  const createdAt = {
    ...(range.$gte ? { $gte: range.$gte } : {}),
    ...(range.to ? (range.toExclusive ? { $lt: range.to } : { $lte: range.to }) : {}),
  };
  return {
    ...(q.status ? { status: q.status.length === 1 ? q.status[0] : { $in: q.status } } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.trigger ? { trigger: q.trigger } : {}),
    ...(q.connectionId ? { connectionId: q.connectionId } : {}),
    ...(q.listId ? { listId: q.listId } : {}),
    ...(Object.keys(createdAt).length ? { createdAt } : {}),
  };
}
