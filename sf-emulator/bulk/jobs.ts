import { COLUMN_DELIMITERS, LINE_ENDINGS, type ColumnDelimiter, type CsvFormat, type LineEnding } from '../csv';
import { SfApiError, notFound, type RecordError } from '../errors';
import { makeId } from '../ids';

export type IngestOperation = 'insert' | 'update';
export type IngestState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type QueryState = Exclude<IngestState, 'Open'>;

interface JobBase extends CsvFormat {
  id: string;
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  apiVersion: string;
  errorMessage?: string;
  /** Milliseconds spent processing, reported as totalProcessingTime. */
  processingMs: number;
}

/** One row of the uploaded CSV and what became of it. */
export interface IngestOutcome {
  row: string[];
  id: string;
  created?: boolean;
  error?: RecordError;
}

export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  state: IngestState;
  /** The uploaded CSV as received; parsed when processing starts, as Salesforce does. */
  data?: string;
  header: string[];
  rows: string[][];
  /** Rows handled so far, in upload order; rows past this index are unprocessed. */
  outcomes: IngestOutcome[];
}

export interface QueryJob extends JobBase {
  kind: 'query';
  operation: 'query' | 'queryAll';
  state: QueryState;
  query: string;
  /** The result, fixed when the job runs; pages are cut from it by locator. */
  header: string[];
  rows: string[][];
}

export type BulkJob = IngestJob | QueryJob;

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

export function isTerminal(job: BulkJob): boolean {
  return TERMINAL.has(job.state);
}

export function invalidJobState(message: string): SfApiError {
  return new SfApiError(400, 'INVALIDJOBSTATE', message);
}

export function invalidJob(message: string): SfApiError {
  return new SfApiError(400, 'INVALIDJOB', message);
}

/** `columnDelimiter`, `lineEnding` and `contentType` of a create-job body; Salesforce's defaults are COMMA, LF, CSV. */
export function readCsvFormat(body: Record<string, unknown>): CsvFormat {
  const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
  const lineEnding = String(body.lineEnding ?? 'LF');
  if (body.contentType !== undefined && body.contentType !== 'CSV') throw invalidJob(`contentType ${String(body.contentType)} is not supported: only CSV`);
  if (!Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) throw invalidJob(`Invalid columnDelimiter: ${columnDelimiter}`);
  if (!Object.hasOwn(LINE_ENDINGS, lineEnding)) throw invalidJob(`Invalid lineEnding: ${lineEnding}`);
  return { columnDelimiter: columnDelimiter as ColumnDelimiter, lineEnding: lineEnding as LineEnding };
}

/**
 * The org's Bulk API 2.0 jobs and the timers that process them. Jobs run on timers, never inside
 * the request that closed them, so clients really poll through UploadComplete and InProgress.
 */
export class BulkJobStore {
  private readonly jobs = new Map<string, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;

  newId(): string {
    return makeId('750', ++this.counter);
  }

  add(job: BulkJob): void {
    this.jobs.set(job.id, job);
  }

  get<K extends BulkJob['kind']>(kind: K, id: string): Extract<BulkJob, { kind: K }> {
    const job = this.jobs.get(id);
    if (!job || job.kind !== kind) throw notFound();
    return job as Extract<BulkJob, { kind: K }>;
  }

  list<K extends BulkJob['kind']>(kind: K): Array<Extract<BulkJob, { kind: K }>> {
    return [...this.jobs.values()].filter((j): j is Extract<BulkJob, { kind: K }> => j.kind === kind);
  }

  remove(id: string): void {
    this.jobs.delete(id);
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** Runs `step` after `delayMs` unless the emulator is closed first. */
  schedule(delayMs: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
