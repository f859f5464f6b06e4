/**
 * Request shapes of the segments API. The query itself is `unknown` here: its own validator
 * (domain/segments/validate.ts) checks it against the list's catalog and reports JSON paths.
 */
import { z } from 'zod';
import { tableQuery } from '../paging';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
export const objectIdOf = (what: string) => z.string().regex(OBJECT_ID, `must be a ${what} id (24 hex characters)`);

const name = z.string().trim().min(1, 'give the segment a name').max(200, 'at most 200 characters');
const query = z.unknown().refine((v) => v !== undefined, 'required: a query such as {"all": [...]}');

export const newSegmentInput = z.object({ listId: objectIdOf('list'), name, query }).strict();

export const changeSegmentInput = z
  .object({ listId: objectIdOf('list').optional(), name: name.optional(), query: z.unknown().optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.query !== undefined, { message: 'send a name, a query or both', path: ['name'] });

export const previewSegmentInput = z
  .object({ listId: objectIdOf('list'), query, segmentId: objectIdOf('segment').optional(), sampleSize: z.number().int().min(0).max(100).optional() })
  .strict();

export const segmentIdParam = objectIdOf('segment');

export const segmentListQuery = z.object({ listId: objectIdOf('list').optional() }).strict();

export const segmentMembersQuery = tableQuery(['crmId', 'joinedAt'], 'crmId')
  .extend({ dir: z.enum(['asc', 'desc']).default('asc'), format: z.enum(['json', 'csv']).default('json'), perPage: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

/** CRM ids differ per CRM; letters, digits, '-' and '_' cover Salesforce, Dynamics GUIDs and the others. */
export const explainQuery = z.object({ crmId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a CRM record id') }).strict();
