import type { EmulatorContext } from '../context';
import { CsvFormatError, parseCsv } from '../csv';
import { formatDateTime } from '../datetime';
import { SfApiError, recordError, type RecordError } from '../errors';
import { commitPlan, withWriteFaults } from '../routes/dml';
import { findField, findObject, type FieldDef, type ObjectDef } from '../schema';
import { planCreate, planUpdate, type WritePlan } from '../writes';
import { readCell } from './csv-values';
import type { IngestJob, IngestOutcome } from './jobs';

function touch(ctx: EmulatorContext, job: IngestJob): void {
  job.systemModstamp = formatDateTime(ctx.store.now());
}

function failJob(ctx: EmulatorContext, job: IngestJob, message: string): void {
  job.state = 'Failed';
  job.errorMessage = message;
  touch(ctx, job);
}

/** The column's field, `null` for the Id column; an unknown column fails the job like Salesforce's InvalidBatch. */
function resolveColumns(object: ObjectDef, header: string[]): Array<FieldDef | null> {
  return header.map((name) => {
    if (name.trim().toLowerCase() === 'id') return null;
    const field = findField(object, name.trim());
    if (!field) throw new CsvFormatError(`InvalidBatch : Field name not found : ${name}`);
    return field;
  });
}

/** Parses the upload and checks its shape; the job moves to InProgress or Failed. */
function beginIngest(ctx: EmulatorContext, job: IngestJob): void {
  if (!ctx.bulkJobs.has(job.id) || job.state !== 'UploadComplete') return;
  if (job.data === undefined) return failJob(ctx, job, 'InvalidBatch : Failed to process job: no data was uploaded');
  try {
    const [header = [], ...rows] = parseCsv(job.data, job).filter((row) => !(row.length === 1 && row[0] === ''));
    resolveColumns(findObject(job.object) as ObjectDef, header);
    const ragged = rows.findIndex((row) => row.length !== header.length);
    if (ragged >= 0) throw new CsvFormatError(`ClientInputError : row ${ragged + 1} has ${rows[ragged].length} columns, the header has ${header.length}`);
    job.header = header;
    job.rows = rows;
  } catch (err) {
    if (err instanceof CsvFormatError) return failJob(ctx, job, err.message);
    throw err;
  }
  job.state = 'InProgress';
  touch(ctx, job);
  ctx.bulkJobs.schedule(ctx.settings.bulkProcessingDelayMs, guarded(ctx, job, processChunk));
}

/** A bug in a timer step would otherwise crash the process hosting the emulator; it fails the job instead. */
function guarded(ctx: EmulatorContext, job: IngestJob, step: (ctx: EmulatorContext, job: IngestJob) => void): () => void {
  return () => {
    try {
      step(ctx, job);
    } catch (err) {
      failJob(ctx, job, `UNKNOWN_EXCEPTION : ${(err as Error).message ?? String(err)}`);
    }
  };
}

function asRecordError(err: unknown): RecordError {
  if (err instanceof SfApiError) return recordError(err.errorCode, err.message, err.fields ?? []);
  throw err;
}

/** One CSV row through the same validation, faults and counting as a REST write. */
function processRow(ctx: EmulatorContext, job: IngestJob, columns: Array<FieldDef | null>, row: string[]): IngestOutcome {
  const idColumn = columns.indexOf(null);
  const rawId = idColumn >= 0 ? row[idColumn].trim() : '';
  const body: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const field = columns[i];
    if (!field) continue;
    const cell = readCell(field, row[i]);
    if ('statusCode' in cell) return { row, id: rawId, error: cell };
    if (cell.kind === 'set') body[field.name] = cell.value;
  }
  let plan: WritePlan;
  try {
    if (job.operation === 'insert') {
      plan = rawId
        ? { ok: false, error: recordError('INVALID_FIELD', 'Records with an ID cannot be created', ['Id']) }
        : planCreate(ctx.store, job.object, body, job.createdById);
    } else {
      plan = rawId ? planUpdate(ctx.store, job.object, rawId, body) : { ok: false, error: recordError('MISSING_ARGUMENT', 'Id not specified in an update call', []) };
    }
  } catch (err) {
    return { row, id: rawId, error: asRecordError(err) };
  }
  plan = withWriteFaults(ctx, plan);
  if (!plan.ok) return { row, id: job.operation === 'insert' ? '' : plan.id ?? rawId, error: plan.error };
  const kind = job.operation === 'insert' ? 'create' : 'update';
  return { row, id: commitPlan(ctx, plan, kind, job.createdById), created: job.operation === 'insert' };
}

/**
 * Salesforce works through a job in chunks; doing the same lets a poll see InProgress with partial
 * counts, and an abort between chunks leaves the remaining rows unprocessed.
 */
function processChunk(ctx: EmulatorContext, job: IngestJob): void {
  if (!ctx.bulkJobs.has(job.id) || job.state !== 'InProgress') return;
  const started = Date.now();
  const columns = resolveColumns(findObject(job.object) as ObjectDef, job.header);
  const end = Math.min(job.outcomes.length + ctx.settings.bulkChunkSize, job.rows.length);
  for (let i = job.outcomes.length; i < end; i++) job.outcomes.push(processRow(ctx, job, columns, job.rows[i]));
  job.processingMs += Date.now() - started;
  touch(ctx, job);
  if (job.outcomes.length >= job.rows.length) job.state = 'JobComplete';
  else ctx.bulkJobs.schedule(ctx.settings.bulkProcessingDelayMs, guarded(ctx, job, processChunk));
}

/** Called when the client closes the job (UploadComplete); processing starts on the next tick. */
export function startIngest(ctx: EmulatorContext, job: IngestJob): void {
  ctx.bulkJobs.schedule(ctx.settings.bulkProcessingDelayMs, guarded(ctx, job, beginIngest));
}
