import { SfApiError } from '../errors';
import { makeId } from '../ids';
import type { OutputRecord } from './projection';
import type { QueryResultSet } from './evaluate';

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: OutputRecord[];
}

/** Salesforce keeps a bounded number of open cursors per user; old ones expire. */
const MAX_OPEN_CURSORS = 500;

/**
 * Query cursors: the result set is fixed when the query first runs, so queryMore pages never
 * shift when records change between calls, and the same locator can be fetched again after a retry.
 */
export class CursorStore {
  private readonly cursors = new Map<string, { result: QueryResultSet; batchSize: number }>();
  private counter = 0;

  firstPage(result: QueryResultSet, batchSize: number, apiVersion: string): QueryPage {
    if (result.rows.length <= batchSize) return this.page(result, 0, batchSize, '', apiVersion);
    const id = makeId('01g', ++this.counter);
    this.cursors.set(id, { result, batchSize });
    if (this.cursors.size > MAX_OPEN_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    return this.page(result, 0, batchSize, id, apiVersion);
  }

  /** `locator` is the last path segment of nextRecordsUrl: `<cursorId>-<offset>`. */
  nextPage(locator: string, apiVersion: string, batchSize?: number): QueryPage {
    const dash = locator.lastIndexOf('-');
    const id = locator.slice(0, dash);
    const offset = Number(locator.slice(dash + 1));
    const cursor = this.cursors.get(id);
    if (dash < 0 || !cursor || !Number.isInteger(offset) || offset < 0 || offset > cursor.result.rows.length) {
      throw new SfApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.page(cursor.result, offset, batchSize ?? cursor.batchSize, id, apiVersion);
  }

  private page(result: QueryResultSet, offset: number, batchSize: number, cursorId: string, apiVersion: string): QueryPage {
    const end = Math.min(offset + batchSize, result.rows.length);
    const records = result.rows.slice(offset, end).map((row) => result.render(row));
    const done = end >= result.rows.length;
    return {
      totalSize: result.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${apiVersion}/query/${cursorId}-${end}` }),
      records,
    };
  }
}
