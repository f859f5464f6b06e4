import type { ChangeCursor } from '../connector';
import type { SugarCaller } from './sugar-call';
import { classifyAnswer, toCrmError } from './sugar-errors';
import { afterIdFilter, DELETED_ONLY, KEYSET_ORDER, keysetFilter, type SugarFilter } from './sugar-filter';
import { STAMP_FIELD } from './sugar-records';

/** The most records one page may ask for: `max_num` is capped by the instance's max_list_limit (1000 on Sugar Cloud, by our reading). */
export const MAX_PAGE_SIZE = 1000;
/** The most requests one /bulk call carries (Sugar answers 413 beyond). */
export const MAX_BULK_REQUESTS = 1000;

export type SugarRow = Record<string, unknown>;

export interface FilterPageRequest {
  filter: SugarFilter;
  /** Fields to return (Sugar adds id and date_modified); all when empty. */
  fields: readonly string[];
  orderBy: string;
  maxNum: number;
  offset?: number;
  /** `deleted=true`: soft-deleted records are returned too, each with `deleted`. */
  withDeleted?: boolean;
}

export interface BulkAnswer {
  status: number;
  contents: unknown;
  headers?: Record<string, string>;
}

/** Module names go into URLs: only what Sugar itself allows passes. */
export function assertModuleName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`'${name}' is not a SugarCRM module name`);
  return name;
}

/** Ids go into URL paths: Sugar ids are GUIDs or, when imported, short words; nothing that could leave the segment passes. */
export function assertRecordId(id: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`'${id}' is not a SugarCRM record id`);
  return id;
}

/** Arguments in the bracketed form PHP reads (`filter[0][id][$in][]=a`), as Sugar documents GET filters. */
export function phpQuery(args: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(args)) add(key, value);
  return parts.join('&');
}

/** The read side of the REST API: the filter API, record links and /bulk, every request through the caller. */
export class SugarReader {
  constructor(readonly caller: SugarCaller) {}

  async filterPage(module: string, request: FilterPageRequest): Promise<{ records: SugarRow[]; nextOffset: number }> {
    const page = await this.caller.call<{ records?: SugarRow[]; next_offset?: number }>({
      method: 'POST',
      path: `${assertModuleName(module)}/filter`,
      body: {
        filter: request.filter,
        ...(request.fields.length ? { fields: [...new Set(['id', STAMP_FIELD, ...request.fields])].join(',') } : {}),
        order_by: request.orderBy,
        max_num: request.maxNum,
        offset: request.offset ?? 0,
        ...(request.withDeleted ? { deleted: true } : {}),
      },
      writes: false,
    });
    return { records: page.records ?? [], nextOffset: typeof page.next_offset === 'number' ? page.next_offset : -1 };
  }

  /**
   * One keyset page: records after a position in (date_modified, id) order, modified since an
   * instant. Never an offset: records saved while a sync pages would shift offset pages.
   */
  async keysetPage(module: string, fields: readonly string[], request: { since?: string; after?: ChangeCursor; pageSize: number; deletedOnly?: boolean }): Promise<SugarRow[]> {
    const filter = [...keysetFilter(request), ...(request.deletedOnly ? DELETED_ONLY : [])];
    const page = await this.filterPage(module, { filter, fields, orderBy: KEYSET_ORDER, maxNum: request.pageSize, withDeleted: request.deletedOnly });
    return page.records;
  }

  /** Ids in id order after `afterId`. */
  async idPage(module: string, afterId: string | undefined, pageSize: number): Promise<string[]> {
    const page = await this.filterPage(module, { filter: afterIdFilter(afterId), fields: ['id'], orderBy: 'id:ASC', maxNum: pageSize });
    return page.records.map((r) => String(r.id));
  }

  /** Every id of a module (the parents of a link object), in id order. */
  async allIds(module: string): Promise<string[]> {
    const ids: string[] = [];
    for (let afterId: string | undefined; ; ) {
      const page = await this.idPage(module, afterId, MAX_PAGE_SIZE);
      ids.push(...page);
      if (page.length < MAX_PAGE_SIZE) return ids;
      afterId = page[page.length - 1];
    }
  }

  /** `GET <module>/:id/link/:link`, one page, as a path a /bulk part or a GET can name. */
  linkPath(module: string, id: string, link: string, args: Record<string, unknown>): string {
    const query = phpQuery(args);
    return `${assertModuleName(module)}/${encodeURIComponent(assertRecordId(id))}/link/${encodeURIComponent(link)}${query ? `?${query}` : ''}`;
  }

  get<T>(path: string): Promise<T> {
    return this.caller.call<T>({ method: 'GET', path, writes: false });
  }

  /**
   * Many GETs in as few /bulk calls as fit: one API call each, answers in order. A part that failed
   * for a passing reason (5xx, 429) fails the read so the whole is tried again; a 404 part (its
   * parent was deleted meanwhile) answers `undefined`.
   */
  async bulkGet<T>(paths: readonly string[]): Promise<Array<T | undefined>> {
    const out: Array<T | undefined> = [];
    for (let i = 0; i < paths.length; i += MAX_BULK_REQUESTS) {
      const chunk = paths.slice(i, i + MAX_BULK_REQUESTS);
      const answers = await this.caller.call<BulkAnswer[]>({
        method: 'POST',
        path: 'bulk',
        body: { requests: chunk.map((path) => ({ url: this.caller.bulkUrl(path), method: 'GET' })) },
        writes: false,
      });
      if (!Array.isArray(answers) || answers.length !== chunk.length) throw new Error(`SugarCRM answered ${Array.isArray(answers) ? answers.length : 'no'} parts for a bulk of ${chunk.length} reads`);
      for (const answer of answers) {
        if (answer.status >= 200 && answer.status < 300) out.push(answer.contents as T);
        else if (answer.status === 404) out.push(undefined);
        else throw toCrmError(classifyAnswer(answer.status, answer.contents, answer.headers?.['Retry-After'] ?? answer.headers?.['retry-after']));
      }
    }
    return out;
  }
}
