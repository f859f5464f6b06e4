import type { ChangeCursor, CrmConnector, CrmRecord } from '../../domain/crm/connector';
import type { FeedPosition } from './change-feed';

/**
 * How a pull reads an object: `rest` pages by (modification stamp, id) keyset, one query per 2,000
 * records; `bulk` runs one bulk query job on the CRM and reads its results by locator, a few calls
 * for the whole object. Bulk has a fixed cost (job creation, the server-side run, polling) that only
 * pays off for large objects, and it only reads everything, so incremental pulls stay on REST.
 * `delta` reads the CRM's change feed (change-feed.ts) for objects the model reads that way.
 */
export type ReadPath = 'rest' | 'bulk' | 'delta';

/** Where the next page of a pull starts: a keyset position, or a bulk job's results locator. */
export interface PullPosition {
  after?: ChangeCursor;
  bulk?: { jobId: string; locator?: string };
  /** A change-feed read's position (change-feed.ts). */
  feed?: FeedPosition;
}

export interface FetchedPage {
  records: CrmRecord[];
  done: boolean;
  /** Where the page after this one starts (for a bulk or feed read `after` is the furthest record seen so far). */
  next: PullPosition;
  /** Ids the CRM removed since the last pull (a change feed's removals), to remove from the local copy. */
  removedIds?: string[];
}

/** A full pull of an object with more than `threshold` records goes through bulk, when the CRM has that path. */
export function chooseReadPath(input: { mode: 'full' | 'incremental'; recordCount: number; threshold: number; bulkAvailable: boolean }): ReadPath {
  return input.mode === 'full' && input.bulkAvailable && input.recordCount > input.threshold ? 'bulk' : 'rest';
}

/** The later of two (stamp, id) positions: the watermark after a bulk read, whose rows come in no particular order. */
export function laterCursor(a: ChangeCursor | undefined, b: ChangeCursor | undefined): ChangeCursor | undefined {
  if (!a) return b;
  if (!b) return a;
  const byStamp = Date.parse(a.stamp) - Date.parse(b.stamp);
  if (byStamp !== 0) return byStamp > 0 ? a : b;
  return a.id >= b.id ? a : b;
}

function cursorOf(record: CrmRecord): ChangeCursor {
  if (!record.systemModstamp) throw new Error(`record ${record.id} has no modification stamp`);
  return { stamp: record.systemModstamp, id: record.id };
}

/** Records per bulk results page: five REST pages' worth, still a few MB of documents in memory. */
export const BULK_PAGE_RECORDS = 10_000;

export interface PageReaderRequest {
  connector: CrmConnector;
  object: string;
  fields: string[];
  since?: string;
  pageSize: number;
}

export function restPageReader(req: PageReaderRequest): (position: PullPosition) => Promise<FetchedPage> {
  return async (position) => {
    const page = await req.connector.fetchChangedPage({ object: req.object, fields: req.fields, since: req.since, after: position.after, pageSize: req.pageSize });
    const last = page.records.at(-1);
    return { records: page.records, done: page.done, next: { after: last ? cursorOf(last) : position.after } };
  };
}

export function bulkPageReader(req: PageReaderRequest): (position: PullPosition) => Promise<FetchedPage> {
  const fetchBulkReadPage = req.connector.fetchBulkReadPage?.bind(req.connector);
  if (!fetchBulkReadPage) throw new Error('this CRM connector has no bulk read path');
  return async (position) => {
    if (!position.bulk) throw new Error('a bulk read needs its job id');
    const page = await fetchBulkReadPage({ object: req.object, fields: req.fields, jobId: position.bulk.jobId, locator: position.bulk.locator, maxRecords: BULK_PAGE_RECORDS });
    // Records without an Id or stamp are skipped by the pull (and listed on the run); they cannot be a watermark.
    const after = page.records.reduce<ChangeCursor | undefined>((furthest, r) => (r.id && r.systemModstamp ? laterCursor(furthest, cursorOf(r)) : furthest), position.after);
    return { records: page.records, done: !page.nextLocator, next: { after, bulk: { jobId: position.bulk.jobId, locator: page.nextLocator } } };
  };
}
