import type { RecordError } from '../errors';
import type { IngestJob } from './jobs';

/** `sf__Error` as Salesforce writes it: `CODE:message:field,field --` (no fields: `CODE:message:--`). */
export function formatBulkError(error: RecordError): string {
  return `${error.statusCode}:${error.message}:${error.fields.length ? `${error.fields.join(',')} ` : ''}--`;
}

/** The rows Salesforce saved: `sf__Id`, `sf__Created`, then the uploaded columns as sent. */
export function successfulResults(job: IngestJob): string[][] {
  const rows = job.outcomes.filter((o) => !o.error).map((o) => [o.id, o.created ? 'true' : 'false', ...o.row]);
  return [['sf__Id', 'sf__Created', ...job.header], ...rows];
}

/** The rows Salesforce refused: `sf__Id` (empty for a failed insert), `sf__Error`, then the uploaded columns. */
export function failedResults(job: IngestJob): string[][] {
  const rows = job.outcomes.flatMap((o) => (o.error ? [[o.id, formatBulkError(o.error), ...o.row]] : []));
  return [['sf__Id', 'sf__Error', ...job.header], ...rows];
}

/** Rows never reached because the job was aborted or failed (or has not got to them yet). */
export function unprocessedRecords(job: IngestJob): string[][] {
  return [job.header, ...job.rows.slice(job.outcomes.length)];
}
