/** The JSON of a segment (presentSegment), its members and its preview. */
import { z } from 'zod';
import { instant, pageJson } from './common-json';

export const segmentJson = z
  .object({
    id: z.string(),
    listId: z.string(),
    connectionId: z.string(),
    name: z.string(),
    /** As saved: the query language of domain/segments/query.ts. */
    query: z.unknown(),
    count: z.number().int(),
    refreshedAt: instant.nullable(),
    dataAsOf: instant.nullable(),
    added: z.number().int(),
    removed: z.number().int(),
    lastRunId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: instant.nullable(),
    updatedAt: instant.nullable(),
  })
  .strict();

/** A member as the preview samples show it (domain/segments/db/evaluate-segment.ts SampleMember). */
export const sampleMemberJson = z.object({ crmId: z.string(), type: z.string(), email: z.string().nullable() }).strict();

/** POST /api/v1/segments/preview: count and sample; with a segmentId, who would join and leave. */
export const segmentPreviewJson = z
  .object({
    count: z.number().int(),
    sample: z.array(sampleMemberJson),
    changes: z
      .object({ added: z.number().int(), removed: z.number().int(), addedSample: z.array(sampleMemberJson), removedSample: z.array(sampleMemberJson) })
      .strict()
      .optional(),
    dataAsOf: instant.nullable(),
  })
  .strict();

/** A member with the list's current values (null when the list lost the member since the refresh). */
export const segmentMemberJson = z
  .object({
    crmId: z.string(),
    type: z.string(),
    email: z.string().nullable(),
    values: z.record(z.string(), z.unknown()).nullable(),
    joinedAt: instant,
  })
  .strict();

/** GET /api/v1/segments */
export const segmentsJson = z.object({ segments: z.array(segmentJson) }).strict();
/** POST /api/v1/segments */
export const segmentCreatedJson = z.object({ id: z.string(), segment: segmentJson }).strict();
/** GET /api/v1/segments/:id/members (format=json) */
export const segmentMembersPageJson = z
  .object({ members: z.array(segmentMemberJson), page: pageJson, refreshedAt: instant.nullable(), dataAsOf: instant.nullable() })
  .strict();

export type SegmentJson = z.infer<typeof segmentJson>;
