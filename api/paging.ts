import { z } from 'zod';

/** Query-string schema for a sortable, paged table: only the listed columns can be sorted on. */
export function tableQuery<const Keys extends readonly [string, ...string[]]>(sortKeys: Keys, defaultSort: Keys[number]) {
  return z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    perPage: z.coerce.number().int().min(1).max(200).default(25),
    sort: z.enum(sortKeys).default(defaultSort),
    dir: z.enum(['asc', 'desc']).default('desc'),
  });
}

export interface PageInfo {
  page: number;
  perPage: number;
  total: number;
  pages: number;
  sort: string;
  dir: 'asc' | 'desc';
}

export function pageInfo(query: { page: number; perPage: number; sort: string; dir: 'asc' | 'desc' }, total: number): PageInfo {
  return { ...query, total, pages: Math.max(1, Math.ceil(total / query.perPage)) };
}
