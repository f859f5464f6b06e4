/**
 * Reading a whole object through Salesforce Bulk API 2.0 query jobs: one job runs the query on the
 * server, and its results are read as CSV pages named by `Sforce-Locator`. A few calls per object
 * instead of one per 2,000 records, and a page position (job id + locator) that stays valid for as
 * long as Salesforce keeps the results (7 days), so a crashed worker resumes where it stopped.
 */
import type { Connection } from 'jsforce';
import { BULK_READ_JOB_LOST, CrmError, type CrmFieldValue, type CrmRecord } from '../connector';
import { parseCsvRows } from './salesforce-bulk-query-csv';

export type BulkQueryCall = <T>(request: (conn: Connection) => PromiseLike<T>) => Promise<T>;

export interface BulkQueryPolicy {
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  maxWaitMs: number;
}

export const DEFAULT_BULK_QUERY_POLICY: BulkQueryPolicy = { pollIntervalMs: 250, maxPollIntervalMs: 5_000, maxWaitMs: 30 * 60_000 };

type QueryJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function jobsUrl(conn: Connection, suffix = ''): string {
  return `/services/data/v${conn.version}/jobs/query${suffix}`;
}

export async function createQueryJob(call: BulkQueryCall, soql: string): Promise<string> {
  const job = await call((conn) =>
    conn.request<{ id: string }>({ method: 'POST', url: jobsUrl(conn), body: JSON.stringify({ operation: 'query', query: soql }), headers: { 'Content-Type': 'application/json' } }),
  );
  return job.id;
}

/**
 * A 404 on the job's own address means the job is gone (deleted by someone, or by Salesforce 7 days
 * after it was created), not that the call was wrong: the caller needs a new job.
 */
function lostIfNotFound(jobId: string, err: unknown): unknown {
  if (!(err instanceof CrmError) || err.crmCode !== 'NOT_FOUND') return err;
  return new CrmError(`Bulk API query job ${jobId} no longer exists (NOT_FOUND: ${err.message})`, BULK_READ_JOB_LOST);
}

/** Polls the job until it completes; a failed, aborted or deleted job is a BULK_READ_JOB_LOST CrmError with Salesforce's message. */
export async function waitForQueryJob(call: BulkQueryCall, jobId: string, policy: BulkQueryPolicy, onWait: () => void = () => {}): Promise<number> {
  const deadline = Date.now() + policy.maxWaitMs;
  let interval = policy.pollIntervalMs;
  for (;;) {
    const info = await call((conn) => conn.request<{ state: QueryJobState; numberRecordsProcessed?: number; errorMessage?: string }>(jobsUrl(conn, `/${jobId}`))).catch((err: unknown) => {
      throw lostIfNotFound(jobId, err);
    });
    if (info.state === 'JobComplete') return info.numberRecordsProcessed ?? 0;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new CrmError(`Bulk API query job ${jobId} is ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`, BULK_READ_JOB_LOST);
    }
    if (Date.now() > deadline) throw new CrmError(`Bulk API query job ${jobId} did not complete within ${policy.maxWaitMs / 1000} s`, 'BULK_QUERY_TIMEOUT');
    onWait();
    await sleep(interval);
    interval = Math.min(policy.maxPollIntervalMs, Math.ceil(interval * 1.5));
  }
}

/**
 * One results page. jsforce's request() hides response headers, and the locator is a header, so
 * this is a plain fetch with the session's token; a 401 becomes INVALID_SESSION_ID so the
 * connector's one re-login applies, a 404 is BULK_READ_JOB_LOST, and other errors carry Salesforce's code.
 */
export async function fetchQueryResultsPage(
  call: BulkQueryCall,
  request: { jobId: string; locator?: string; maxRecords: number },
): Promise<{ header: string[]; rows: string[][]; nextLocator?: string }> {
  return call(async (conn) => {
    const params = new URLSearchParams({ maxRecords: String(request.maxRecords) });
    if (request.locator) params.set('locator', request.locator);
    const response = await fetch(`${conn.instanceUrl}${jobsUrl(conn, `/${request.jobId}/results`)}?${params}`, {
      headers: { Authorization: `Bearer ${conn.accessToken}`, Accept: 'text/csv' },
    });
    const text = await response.text();
    if (!response.ok) {
      const error = (() => {
        try {
          return (JSON.parse(text) as { errorCode?: string; message?: string }[])[0];
        } catch {
          return undefined;
        }
      })();
      const crmError = new CrmError(error?.message ?? `${response.status} ${text.slice(0, 200)}`, error?.errorCode ?? (response.status === 401 ? 'INVALID_SESSION_ID' : `HTTP_${response.status}`));
      throw lostIfNotFound(request.jobId, crmError);
    }
    const [header = [], ...rows] = parseCsvRows(text);
    const locator = response.headers.get('Sforce-Locator');
    return { header, rows, nextLocator: locator && locator !== 'null' ? locator : undefined };
  });
}

/**
 * CSV cells as the REST API returns the same values, so a record read either way stores the same
 * document (and the same content hash): empty is null, booleans and numbers are typed, datetimes
 * use Salesforce's `+0000` form instead of bulk results' `Z`.
 */
export function typedValue(type: string | undefined, raw: string): CrmFieldValue {
  if (raw === '') return null;
  switch (type) {
    case 'boolean':
      return raw === 'true';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'datetime': {
      const ms = Date.parse(raw);
      return Number.isNaN(ms) ? raw : `${new Date(ms).toISOString().slice(0, 23)}+0000`;
    }
    default:
      return raw;
  }
}

/** Rows of one results page → records, with field types from the object's describe. */
export function rowsToRecords(header: string[], rows: string[][], fieldTypes: ReadonlyMap<string, string>): Omit<CrmRecord, 'systemModstamp'>[] {
  const types = header.map((name) => fieldTypes.get(name));
  return rows.map((row) => {
    const fields: Record<string, CrmFieldValue> = {};
    header.forEach((name, i) => {
      fields[name] = typedValue(types[i], row[i] ?? '');
    });
    // An empty Id cell stays '' (not 'null'): the pull lists such a record instead of storing it.
    return { id: typeof fields.Id === 'string' ? fields.Id : '', fields };
  });
}
