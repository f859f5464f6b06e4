import type { EmulatorContext } from '../context';
import { formatDateTime } from '../datetime';
import { SfApiError } from '../errors';
import { findObject, type SfRecord } from '../schema';
import { executeQuery, parseSoql } from '../soql/evaluate';
import { readPath } from '../soql/fields';
import { writeCell } from './csv-values';
import { invalidJob, type QueryJob } from './jobs';

/**
 * Checks what Salesforce checks when a query job is created: the SOQL parses, names a queryable
 * object, and uses nothing Bulk API 2.0 refuses (aggregates, COUNT(), OFFSET). Returns the object.
 */
export function validateBulkQuery(soql: string): string {
  const query = parseSoql(soql);
  const object = query.sObject ? findObject(query.sObject) : undefined;
  if (!object) throw new SfApiError(400, 'INVALID_TYPE', `sObject type '${query.sObject ?? ''}' is not supported.`);
  const functions = (query.fields ?? []).filter((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() !== 'FIELDS');
  if (functions.length) throw invalidJob('Aggregate queries and COUNT() are not supported by Bulk API 2.0 query');
  if (query.offset !== undefined) throw invalidJob('OFFSET is not supported by Bulk API 2.0 query');
  return object.name;
}

function touch(ctx: EmulatorContext, job: QueryJob): void {
  job.systemModstamp = formatDateTime(ctx.store.now());
}

/** Runs the SOQL once and keeps the CSV cells, so every results page comes from one snapshot. */
function runQuery(ctx: EmulatorContext, job: QueryJob): void {
  if (!ctx.bulkJobs.has(job.id) || job.state !== 'InProgress') return;
  // A failure a test asked for (faults.failNextQueryJobs) ends the job as Salesforce's own would.
  const injected = ctx.faults.queryJobFailure();
  if (injected) {
    job.state = 'Failed';
    job.errorMessage = injected;
    touch(ctx, job);
    return;
  }
  const started = Date.now();
  try {
    const result = executeQuery(ctx.store, job.apiVersion, job.query, { includeDeleted: job.operation === 'queryAll' });
    const paths = result.paths ?? [];
    const nowMs = ctx.store.now();
    job.header = paths.map((p) => p.names.join('.'));
    job.rows = (result.rows as SfRecord[]).map((record) => paths.map((p) => writeCell(p.field, readPath(ctx.store, record, p, nowMs))));
    job.state = 'JobComplete';
  } catch (err) {
    job.state = 'Failed';
    job.errorMessage = err instanceof SfApiError ? `${err.errorCode}: ${err.message}` : `UNKNOWN_EXCEPTION: ${(err as Error).message ?? String(err)}`;
  }
  job.processingMs += Date.now() - started;
  touch(ctx, job);
}

/** UploadComplete, then InProgress, then done: two ticks, so a poller sees each state Salesforce reports. */
export function startQuery(ctx: EmulatorContext, job: QueryJob): void {
  ctx.bulkJobs.schedule(ctx.settings.bulkProcessingDelayMs, () => {
    if (!ctx.bulkJobs.has(job.id) || job.state !== 'UploadComplete') return;
    job.state = 'InProgress';
    touch(ctx, job);
    ctx.bulkJobs.schedule(ctx.settings.bulkProcessingDelayMs, () => runQuery(ctx, job));
  });
}
