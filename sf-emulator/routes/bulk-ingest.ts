import express, { Router, type Request, type Response } from 'express';
import { sessionUser, type EmulatorContext } from '../context';
import { formatCsv, type CsvFormat } from '../csv';
import { formatDateTime } from '../datetime';
import { SfApiError } from '../errors';
import { startIngest } from '../bulk/ingest-processor';
import { failedResults, successfulResults, unprocessedRecords } from '../bulk/ingest-results';
import { renderIngestInfo, renderJobListEntry, renderJobSummary } from '../bulk/job-info';
import { invalidJob, invalidJobState, isTerminal, readCsvFormat, type IngestJob, type IngestOperation } from '../bulk/jobs';
import { findObject } from '../schema';
import { apiVersionOf } from './middleware';

/** Salesforce's limit on one upload is 150 MB of base64, about 100 MB of CSV. */
const UPLOAD_LIMIT = '100mb';
const SUPPORTED: readonly string[] = ['insert', 'update'];
const NOT_EMULATED: readonly string[] = ['upsert', 'delete', 'hardDelete'];

export function sendCsv(res: Response, rows: readonly (readonly string[])[], format: CsvFormat): void {
  res.type('text/csv; charset=UTF-8').send(formatCsv(rows, format));
}

function createIngestJob(ctx: EmulatorContext, req: Request, res: Response): IngestJob {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const operation = String(body.operation ?? '');
  // crm-sync never deletes CRM records, so a delete job here is a bug to surface, not to emulate.
  if (NOT_EMULATED.includes(operation)) throw invalidJob(`Operation '${operation}' is not emulated: the crm-sync emulator supports insert and update ingest jobs only`);
  if (!SUPPORTED.includes(operation)) throw invalidJob(`Invalid operation: ${operation || '(none)'}`);
  const object = findObject(String(body.object ?? ''));
  if (!object) throw new SfApiError(400, 'INVALIDENTITY', `Entity '${String(body.object ?? '')}' is not supported by the Bulk API.`);
  const now = formatDateTime(ctx.store.now());
  return {
    kind: 'ingest',
    id: ctx.bulkJobs.newId(),
    object: object.name,
    operation: operation as IngestOperation,
    state: 'Open',
    createdById: sessionUser(res),
    createdDate: now,
    systemModstamp: now,
    apiVersion: apiVersionOf(res),
    ...readCsvFormat(body),
    processingMs: 0,
    header: [],
    rows: [],
    outcomes: [],
  };
}

/** PATCH {state}: the client closes (UploadComplete) or aborts a job; nothing else may be set. */
function changeState(ctx: EmulatorContext, job: IngestJob, state: unknown): void {
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} is ${job.state}; only an Open job can be closed`);
    job.state = 'UploadComplete';
    startIngest(ctx, job);
  } else if (state === 'Aborted') {
    if (isTerminal(job)) throw invalidJobState(`Job ${job.id} is ${job.state} and can no longer be aborted`);
    job.state = 'Aborted';
  } else {
    throw invalidJobState(`Invalid state requested: ${String(state)}`);
  }
  job.systemModstamp = formatDateTime(ctx.store.now());
}

export function bulkIngestRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });
  const json = express.json({ limit: '1mb' });
  const csv = express.text({ type: 'text/csv', limit: UPLOAD_LIMIT });
  const job = (req: Request) => ctx.bulkJobs.get('ingest', String(req.params.id));

  router.post('/jobs/ingest', json, (req: Request, res: Response) => {
    const created = createIngestJob(ctx, req, res);
    ctx.bulkJobs.add(created);
    res.json(renderJobSummary(created));
  });

  router.get('/jobs/ingest', (_req: Request, res: Response) => {
    res.json({ done: true, records: ctx.bulkJobs.list('ingest').map(renderJobListEntry), nextRecordsUrl: null });
  });

  router.put('/jobs/ingest/:id/batches', csv, (req: Request, res: Response) => {
    const target = job(req);
    if (!/^text\/csv\b/i.test(req.get('content-type') ?? '')) throw invalidJob('Job data must be sent with Content-Type: text/csv');
    // An empty body is what a client sends when it re-sends an already consumed stream (jsforce 3
    // retries a failed PUT that way); refusing it keeps the lost data from passing as an empty job.
    if (typeof req.body !== 'string' || req.body === '') throw invalidJob('No job data: the request body is empty');
    if (target.state !== 'Open') throw invalidJobState(`Job ${target.id} is ${target.state}; data can only be uploaded to an Open job`);
    if (target.data !== undefined) {
      throw new SfApiError(400, 'BULK_API_ERROR', `Found multiple contents for job: <${target.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`);
    }
    target.data = req.body;
    res.status(201).end();
  });

  router.patch('/jobs/ingest/:id', json, (req: Request, res: Response) => {
    const target = job(req);
    changeState(ctx, target, (req.body as { state?: unknown } | undefined)?.state);
    res.json(renderJobSummary(target));
  });

  router.get('/jobs/ingest/:id', (req: Request, res: Response) => {
    res.json(renderIngestInfo(job(req)));
  });

  router.get('/jobs/ingest/:id/successfulResults', (req: Request, res: Response) => {
    const target = job(req);
    sendCsv(res, successfulResults(target), target);
  });

  router.get('/jobs/ingest/:id/failedResults', (req: Request, res: Response) => {
    const target = job(req);
    sendCsv(res, failedResults(target), target);
  });

  router.get('/jobs/ingest/:id/unprocessedrecords', (req: Request, res: Response) => {
    const target = job(req);
    // Data that never parsed is handed back as it was uploaded.
    if (!target.header.length) res.type('text/csv; charset=UTF-8').send(target.data ?? '');
    else sendCsv(res, unprocessedRecords(target), target);
  });

  router.delete('/jobs/ingest/:id', (req: Request, res: Response) => {
    const target = job(req);
    if (target.state === 'Open' || target.state === 'InProgress') throw invalidJobState(`Job ${target.id} is ${target.state}; close or abort it before deleting it`);
    ctx.bulkJobs.remove(target.id);
    res.status(204).end();
  });
  return router;
}
