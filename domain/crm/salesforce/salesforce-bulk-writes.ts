import type { Connection } from 'jsforce';
import { CrmError, type RecordUpdate, type RecordWriteError, type RecordWriteResult } from '../connector';
import { buildUpdateCsv, parseBulkError } from './salesforce-bulk-csv';
import { retryTransient, sleep, type SalesforceCall, type WriteRetryPolicy } from './salesforce-write-retry';

export interface BulkPolicy {
  /** First wait between job-state polls; it grows by half each poll up to `maxPollIntervalMs`. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** How long one job may run before it is aborted and its unprocessed records reported failed. */
  maxWaitMs: number;
  /** Records per ingest job (Salesforce also caps one upload at ~100 MB of CSV; see salesforce-bulk-csv). */
  maxRecordsPerJob: number;
}

export const DEFAULT_BULK_POLICY: BulkPolicy = { pollIntervalMs: 500, maxPollIntervalMs: 10_000, maxWaitMs: 10 * 60_000, maxRecordsPerJob: 100_000 };

export interface BulkWriter {
  call: SalesforceCall;
  retry: WriteRetryPolicy;
  bulk: BulkPolicy;
}

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
type JobInfo = { state: JobState; numberRecordsProcessed?: number; errorMessage?: string };
type ResultRow = Record<string, string | undefined>;

const TERMINAL: readonly JobState[] = ['JobComplete', 'Failed', 'Aborted'];
export const UNPROCESSED = 'BULK_RECORD_UNPROCESSED';

const ingestJob = (conn: Connection, id: string) => conn.bulk2.job('ingest', { id });

/**
 * PUT of the CSV through jsforce's plain request with its transport retries off: jsforce 3 retries a
 * failed PUT by re-sending the already consumed body stream, i.e. an empty upload. We retry instead.
 */
function uploadCsv(conn: Connection, jobId: string, csv: string): PromiseLike<unknown> {
  return conn.request(
    { method: 'PUT', url: `/services/data/v${conn.version}/jobs/ingest/${jobId}/batches`, body: csv, headers: { 'Content-Type': 'text/csv' } },
    { retry: { maxRetries: 0 } },
  );
}

async function upload(writer: BulkWriter, jobId: string, csv: string): Promise<void> {
  let tries = 0;
  await retryTransient(writer.retry, async () => {
    tries += 1;
    try {
      await writer.call((conn) => uploadCsv(conn, jobId, csv));
    } catch (err) {
      // A retried PUT refused for "multiple contents" means the earlier try did land.
      if (tries > 1 && err instanceof CrmError && err.crmCode === 'BULK_API_ERROR' && /multiple contents/i.test(err.message)) return;
      throw err;
    }
  });
}

async function checkJob(writer: BulkWriter, jobId: string): Promise<JobInfo> {
  return (await retryTransient(writer.retry, () => writer.call((conn) => ingestJob(conn, jobId).check()))) as JobInfo;
}

/**
 * Polls with a growing interval. Past `maxWaitMs` the job is aborted, so records reported unprocessed
 * are not written behind the caller's back (unless the abort itself could not get through).
 */
async function waitForJob(writer: BulkWriter, jobId: string): Promise<JobInfo & { timedOut: boolean }> {
  const deadline = Date.now() + writer.bulk.maxWaitMs;
  let interval = writer.bulk.pollIntervalMs;
  for (;;) {
    const info = await checkJob(writer, jobId);
    if (TERMINAL.includes(info.state)) return { ...info, timedOut: false };
    if (Date.now() + interval > deadline) break;
    await sleep(interval);
    interval = Math.min(writer.bulk.maxPollIntervalMs, Math.ceil(interval * 1.5));
  }
  // The job may finish between the last poll and the abort; an abort refused for that reason is fine.
  await retryTransient(writer.retry, () => writer.call((conn) => ingestJob(conn, jobId).abort())).catch(() => undefined);
  return { ...(await checkJob(writer, jobId)), timedOut: true };
}

function unprocessedError(info: JobInfo & { timedOut: boolean }): RecordWriteError {
  const why = info.timedOut ? 'was aborted after the wait limit' : `ended ${info.state}${info.errorMessage ? ` (${info.errorMessage})` : ''}`;
  return { code: UNPROCESSED, message: `The Bulk API job ${why} before this record was processed`, fields: [] };
}

/** Called with each ingest job's id once it exists and before anything is uploaded to it. */
export type OnJobCreated = (jobId: string) => Promise<void>;

/** One ingest job: create, upload, close, wait, read the three result sets, map them to the input order. */
async function runUpdateJob(writer: BulkWriter, object: string, records: RecordUpdate[], csv: string, onJobCreated?: OnJobCreated): Promise<RecordWriteResult[]> {
  const created = await retryTransient(writer.retry, () =>
    writer.call((conn) => conn.bulk2.createJob({ object, operation: 'update', lineEnding: 'LF', columnDelimiter: 'COMMA' }).open()),
  );
  const jobId = String(created.id);
  try {
    await onJobCreated?.(jobId);
    await upload(writer, jobId, csv);
    await retryTransient(writer.retry, () => writer.call((conn) => ingestJob(conn, jobId).close()));
  } catch (err) {
    await writer.call((conn) => ingestJob(conn, jobId).abort()).catch(() => undefined);
    throw err;
  }
  const info = await waitForJob(writer, jobId);
  if (info.state === 'Failed' && !info.numberRecordsProcessed) {
    throw new CrmError(info.errorMessage ?? `Bulk API job ${jobId} failed`, 'BULK_JOB_FAILED');
  }
  // jsforce parses each result file into rows keyed by column; an unparseable body comes back as text.
  const read = async (get: (conn: Connection) => PromiseLike<unknown>): Promise<ResultRow[]> => {
    const rows = await retryTransient(writer.retry, () => writer.call(get));
    return Array.isArray(rows) ? (rows as ResultRow[]) : [];
  };
  const successful = await read((conn) => ingestJob(conn, jobId).getSuccessfulResults());
  const failed = await read((conn) => ingestJob(conn, jobId).getFailedResults());
  const unprocessed = await read((conn) => ingestJob(conn, jobId).getUnprocessedRecords());

  // Result files are not in upload order; each row echoes the Id column we sent, so match on it.
  const byId = new Map<string, RecordWriteResult[]>();
  const add = (id: string | undefined, result: Omit<RecordWriteResult, 'ref'>) => {
    if (!id) return;
    byId.set(id, [...(byId.get(id) ?? []), { ...result, ref: id }]);
  };
  for (const row of successful) add(row.Id, { id: row.sf__Id || row.Id, success: true, errors: [] });
  for (const row of failed) add(row.Id, { id: row.sf__Id || row.Id, success: false, errors: [parseBulkError(row.sf__Error ?? '')] });
  for (const row of unprocessed) add(row.Id, { id: row.Id, success: false, errors: [unprocessedError(info)] });
  return records.map((record) => {
    const result = byId.get(record.id)?.shift();
    if (result) return { ...result, id: record.id };
    return { id: record.id, ref: record.id, success: false, errors: [{ code: 'BULK_RESULT_MISSING', message: `Bulk API job ${jobId} reported no result for this record`, fields: [] }] };
  });
}

/** Updates through Bulk API 2.0 ingest jobs: a handful of calls per job whatever the record count. */
export async function bulkUpdateRecords(writer: BulkWriter, object: string, records: RecordUpdate[], onJobCreated?: OnJobCreated): Promise<RecordWriteResult[]> {
  const results: RecordWriteResult[] = [];
  for (const job of buildUpdateCsv(records, writer.bulk.maxRecordsPerJob)) {
    results.push(...(await runUpdateJob(writer, object, job.records, job.csv, onJobCreated)));
  }
  return results;
}

/**
 * An ingest job a crashed attempt left behind: Open (its upload may be partial) is aborted, so it is
 * never applied; UploadComplete or InProgress is waited for like a running job; a terminal one is
 * left as it is. A job the CRM no longer knows (deleted, expired) is reported `Gone`.
 */
export async function settleUpdateJob(writer: BulkWriter, jobId: string): Promise<{ state: JobState | 'Gone' }> {
  let info: JobInfo;
  try {
    info = await checkJob(writer, jobId);
  } catch (err) {
    if (err instanceof CrmError && /NOT_FOUND|INVALIDJOB|404/i.test(`${err.crmCode} ${err.message}`)) return { state: 'Gone' };
    throw err;
  }
  if (TERMINAL.includes(info.state)) return { state: info.state };
  if (info.state === 'Open') {
    await retryTransient(writer.retry, () => writer.call((conn) => ingestJob(conn, jobId).abort())).catch(() => undefined);
    return { state: (await checkJob(writer, jobId)).state };
  }
  return { state: (await waitForJob(writer, jobId)).state };
}
