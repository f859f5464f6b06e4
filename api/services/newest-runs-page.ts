/**
 * The runs list in its default order (newest first), read bucket by bucket instead of sorting the
 * runs collection (domain/runs/run-buckets.ts says why). Each read is an equality on a bucket, or
 * on an era of a hundred buckets, next to the page's own equality filters, so the database answers
 * it from an index and the server sorts at most a bucket's worth of runs.
 *
 * A page walks from the newest bucket (or the cursor's) towards the oldest. After a few buckets that
 * held too few matching runs, the filter is selective, and the walk asks a whole era at once: only
 * the era's matches come back. A status list (`queued,running,paused`) is asked one status at a
 * time, since FerretDB hands equalities to the index but not `$in`. The walk stops after
 * MAX_READS; the page then holds fewer rows than asked and its `next` cursor goes on from where the
 * walk stopped, so a filter matching nothing in 100,000 runs costs pages, not a minute.
 */
import type { FilterQuery } from 'mongoose';
import type { Models } from '../../domain/models';
import type { RunDoc } from '../../domain/models/run';
import { BUCKETS_PER_ERA, eraOfBucket, firstBucketOfEra, LEGACY_BUCKET, newestRunBucket } from '../../domain/runs/run-buckets';
import { HttpError } from '../http-errors';
import { afterFilter, MAX_SKIPPED_ROWS, type KeysetPaging, type SortKey } from '../keyset';

type Row = RunDoc & { _id: unknown } & Record<string, unknown>;

/**
 * Bucket by bucket first: an unselective filter fills a page from the newest one or two. Buckets
 * that stay short (a selective filter, or history thinned by retention) make the walk read eras.
 */
const FINE_READS = 3;
/** Reads one page may make before it returns what it found with a cursor to go on. */
const MAX_READS = 40;
const IN_BUCKET: readonly SortKey[] = [
  { field: 'createdAt', dir: -1 },
  { field: '_id', dir: -1 },
];

/** Where a page starts: a bucket, and within it after one run (absent: at the bucket's newest run). */
interface WalkCursor {
  b: number;
  c?: string;
  i?: string;
}

function encodeWalkCursor(cursor: WalkCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeWalkCursor(text: string): WalkCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const c = value as Partial<WalkCursor> | undefined;
  const valid =
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.b) &&
    (c.b as number) >= LEGACY_BUCKET &&
    (c.c === undefined || (typeof c.c === 'string' && !Number.isNaN(Date.parse(c.c)))) &&
    (c.i === undefined || typeof c.i === 'string') &&
    (c.c === undefined) === (c.i === undefined);
  if (!valid) throw new HttpError(400, 'after: not a cursor of this table (use the page.next value of the page before, with the same sort)');
  return c as WalkCursor;
}

const cursorAt = (row: Row): WalkCursor => ({ b: row.bucket as number, c: (row.createdAt as Date).toISOString(), i: String(row._id) });

/** The filter once per status when it asks for several: each is an equality the index answers. */
function perStatus(filter: FilterQuery<RunDoc>): FilterQuery<RunDoc>[] {
  const status = filter.status as { $in?: string[] } | string | undefined;
  if (!status || typeof status === 'string' || !Array.isArray(status.$in)) return [filter];
  return status.$in.map((s) => ({ ...filter, status: s }));
}

const newestFirst = (a: Row, b: Row) =>
  (b.bucket as number) - (a.bucket as number) || (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime() || (String(a._id) < String(b._id) ? 1 : String(a._id) > String(b._id) ? -1 : 0);

export interface NewestRunsPage {
  rows: Row[];
  next: string | null;
  /** Runs on this page and, for a numbered page, on the pages before it: a floor of the total when `next` is set. */
  seen: number;
}

export async function readNewestRunsPage(models: Pick<Models, 'Run' | 'db'>, filter: FilterQuery<RunDoc>, paging: KeysetPaging): Promise<NewestRunsPage> {
  const skip = paging.after ? 0 : (paging.page - 1) * paging.perPage;
  if (skip > MAX_SKIPPED_ROWS) {
    throw new HttpError(400, `page: page ${paging.page} starts past the first ${MAX_SKIPPED_ROWS} rows; follow page.next (the after parameter) to read further`);
  }
  const start = paging.after ? decodeWalkCursor(paging.after) : { b: await newestRunBucket(models.db) };
  const wanted = skip + paging.perPage + 1;
  const found: Row[] = [];
  const read = async (where: FilterQuery<RunDoc>, within?: WalkCursor) => {
    const after = within?.c !== undefined ? afterFilter(IN_BUCKET, [new Date(within.c), within.i]) : {};
    // Side by side at the top level, where FerretDB sees the equalities; under $and only on a clash.
    const withAfter = (w: FilterQuery<RunDoc>) => (Object.keys(after).some((k) => k in w) ? { $and: [w, after] } : { ...w, ...after });
    const parts = await Promise.all(perStatus(where).map((w) => models.Run.find(withAfter(w) as FilterQuery<RunDoc>).lean()));
    found.push(...(parts.flat() as Row[]));
  };

  let bucket = start.b;
  let reads = 0;
  while (found.length < wanted && bucket >= LEGACY_BUCKET && reads < MAX_READS) {
    const within = bucket === start.b ? start : undefined;
    if (reads < FINE_READS || bucket === LEGACY_BUCKET) {
      await read({ ...filter, bucket }, within);
      bucket -= 1;
    } else {
      // The rest of this era at once, down from `bucket` (the era's later buckets are read already).
      const era = eraOfBucket(bucket);
      const rest = bucket === firstBucketOfEra(era) + BUCKETS_PER_ERA - 1 ? { era } : { era, bucket: { $lte: bucket } };
      await read({ ...filter, ...rest }, within);
      bucket = firstBucketOfEra(era) - 1;
    }
    reads += 1;
  }
  found.sort(newestFirst);
  const page = found.slice(skip, skip + paging.perPage);
  const more = found.length > skip + paging.perPage;
  const stoppedEarly = !more && bucket >= LEGACY_BUCKET;
  const next = more ? encodeWalkCursor(cursorAt(page[page.length - 1])) : stoppedEarly ? encodeWalkCursor({ b: bucket }) : null;
  return { rows: page, next, seen: skip + page.length };
}
