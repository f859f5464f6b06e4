import { z } from 'zod';

/** Query-string schema for a sortable, paged table: only the listed columns can be sorted on. */
export function tableQuery<const Keys extends readonly [string, ...string[]]>(sortKeys: Keys, defaultSort: Keys[number]) {
  return z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    perPage: z.coerce.number().int().min(1).max(200).default(25),
    sort: z.enum(sortKeys).default(defaultSort),
    dir: z.enum(['asc', 'desc']).default('desc'),
    /** The `page.next` cursor of the page before (api/keyset.ts): the page after it, whatever its number. */
    after: z.string().min(1).max(1000).optional(),
  });
}

export interface PageInfo {
  page: number;
  perPage: number;
  total: number;
  pages: number;
  sort: string;
  dir: 'asc' | 'desc';
  /** The cursor of this page (absent on a numbered page). */
  after?: string;
  /** The cursor of the page after this one (pass it as `after`); null on the last page. */
  next?: string | null;
  /** True when `total` is a floor: the table is not counted past it (runs, audit log). */
  totalCapped?: boolean;
}

export function pageInfo(
  query: { page: number; perPage: number; sort: string; dir: 'asc' | 'desc'; after?: string },
  total: number,
  keyset?: { next: string | null; totalCapped?: boolean },
): PageInfo {
  const { page, perPage, sort, dir, after } = query;
  return {
    page,
    perPage,
    sort,
    dir,
    total,
    pages: Math.max(1, Math.ceil(total / perPage)),
    ...(after ? { after } : {}),
    ...(keyset ? { next: keyset.next } : {}),
    ...(keyset?.totalCapped ? { totalCapped: true } : {}),
  };
}
