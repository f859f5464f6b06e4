/**
 * The segment builder's form: listId, name and the query as JSON text (the script keeps the text in
 * step with the visual builder; without script, people edit the JSON). The text is parsed here and
 * then validated like an API body, so both paths give the same answers.
 */
import { z } from 'zod';
import { objectIdOf } from './segment-input';
import { tableQuery } from '../paging';

export interface SegmentForm {
  listId: string;
  name: string;
  queryText: string;
}

export function readSegmentForm(body: Record<string, unknown>): SegmentForm {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  return { listId: text('listId'), name: text('name'), queryText: text('query') };
}

/** The query text as JSON, or the problem with it at the path `query`. */
export function parseQueryText(text: string): { ok: true; query: unknown } | { ok: false; problem: { path: string; message: string } } {
  if (text.trim() === '') return { ok: false, problem: { path: 'query', message: 'required: a query such as {"all": [...]}' } };
  try {
    return { ok: true, query: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, problem: { path: 'query', message: `not valid JSON: ${(err as Error).message}` } };
  }
}

export const EMPTY_QUERY_TEXT = '{\n  "all": []\n}';

export const builderPageQuery = z.object({ listId: objectIdOf('list').optional() }).strict();

export const segmentPageQuery = tableQuery(['crmId', 'joinedAt'], 'crmId')
  .extend({ dir: z.enum(['asc', 'desc']).default('asc'), crmId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a CRM record id').optional() })
  .strict();
