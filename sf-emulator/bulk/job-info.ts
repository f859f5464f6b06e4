import type { BulkJob, IngestJob, QueryJob } from './jobs';

/** The fields every Bulk API 2.0 job response carries: create, state changes and job lists. */
function summary(job: BulkJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    ...(job.kind === 'ingest' && job.state === 'Open' ? { contentUrl: contentUrl(job) } : {}),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
}

function contentUrl(job: IngestJob): string {
  return `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
}

export function ingestFailures(job: IngestJob): number {
  return job.outcomes.filter((o) => o.error).length;
}

/** Create, close and abort answer with the job's summary, as Salesforce does. */
export function renderJobSummary(job: BulkJob): Record<string, unknown> {
  return summary(job);
}

export function renderJobListEntry(job: BulkJob): Record<string, unknown> {
  return { ...summary(job), jobType: job.kind === 'ingest' ? 'V2Ingest' : 'V2Query' };
}

/** GET jobs/ingest/:id: the summary plus progress counters and, for a failed job, why. */
export function renderIngestInfo(job: IngestJob): Record<string, unknown> {
  return {
    ...summary(job),
    jobType: 'V2Ingest',
    contentUrl: contentUrl(job),
    numberRecordsProcessed: job.outcomes.length,
    numberRecordsFailed: ingestFailures(job),
    retries: 0,
    totalProcessingTime: job.processingMs,
    apiActiveProcessingTime: job.processingMs,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

export function renderQueryInfo(job: QueryJob): Record<string, unknown> {
  return {
    ...summary(job),
    jobType: 'V2Query',
    numberRecordsProcessed: job.state === 'JobComplete' ? job.rows.length : 0,
    retries: 0,
    totalProcessingTime: job.processingMs,
    isPkChunkingSupported: false,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}
