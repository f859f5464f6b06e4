import express, { Router, type Request, type Response } from 'express';
import { sessionUser, type EmulatorContext } from '../context';
import { formatDateTime } from '../datetime';
import { SfApiError } from '../errors';
import { renderJobListEntry, renderJobSummary, renderQueryInfo } from '../bulk/job-info';
import { invalidJob, invalidJobState, isTerminal, readCsvFormat, type QueryJob } from '../bulk/jobs';
import { startQuery, validateBulkQuery } from '../bulk/query-processor';
import { sendCsv } from './bulk-ingest';
import { apiVersionOf } from './middleware';

/** A locator is the offset of the next page, base64-encoded as Salesforce's are; the last page says 'null'. */
function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

function decodeLocator(locator: string, total: number): number {
  const offset = Number(Buffer.from(locator, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset <= 0 || offset > total) throw new SfApiError(400, 'INVALID_LOCATOR', `Invalid locator: ${locator}`);
  return offset;
}

/**
 * Rows in one results page: at most maxRecords, and never more than the org's page size, since
 * Salesforce too returns fewer rows than maxRecords when a page would be too large.
 */
function pageSize(ctx: EmulatorContext, req: Request): number {
  if (req.query.maxRecords === undefined) return ctx.settings.bulkQueryPageSize;
  const n = Number(req.query.maxRecords);
  if (!Number.isInteger(n) || n <= 0) throw invalidJob(`maxRecords must be a positive integer: ${String(req.query.maxRecords)}`);
  return Math.min(n, ctx.settings.bulkQueryPageSize);
}

function createQueryJob(ctx: EmulatorContext, req: Request, res: Response): QueryJob {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const operation = String(body.operation ?? '');
  if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`Invalid operation: ${operation || '(none)'}; use query or queryAll`);
  const soql = typeof body.query === 'string' ? body.query : '';
  if (!soql.trim()) throw invalidJob('A query is required');
  const object = validateBulkQuery(soql);
  const now = formatDateTime(ctx.store.now());
  return {
    kind: 'query',
    id: ctx.bulkJobs.newId(),
    object,
    operation,
    state: 'UploadComplete',
    query: soql,
    createdById: sessionUser(res),
    createdDate: now,
    systemModstamp: now,
    apiVersion: apiVersionOf(res),
    ...readCsvFormat(body),
    processingMs: 0,
    header: [],
    rows: [],
  };
}

export function bulkQueryRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });
  const json = express.json({ limit: '1mb' });
  const job = (req: Request) => ctx.bulkJobs.get('query', String(req.params.id));

  router.post('/jobs/query', json, (req: Request, res: Response) => {
    const created = createQueryJob(ctx, req, res);
    ctx.bulkJobs.add(created);
    startQuery(ctx, created);
    res.json(renderJobSummary(created));
  });

  router.get('/jobs/query', (_req: Request, res: Response) => {
    res.json({ done: true, records: ctx.bulkJobs.list('query').map(renderJobListEntry), nextRecordsUrl: null });
  });

  router.get('/jobs/query/:id', (req: Request, res: Response) => {
    res.json(renderQueryInfo(job(req)));
  });

  /** One page of rows, each page a complete CSV with its own header line. */
  router.get('/jobs/query/:id/results', (req: Request, res: Response) => {
    const target = job(req);
    if (target.state !== 'JobComplete') throw invalidJobState(`Job ${target.id} is ${target.state}; results are available once it is JobComplete`);
    const total = target.rows.length;
    const offset = typeof req.query.locator === 'string' && req.query.locator !== '' ? decodeLocator(req.query.locator, total) : 0;
    const end = Math.min(offset + pageSize(ctx, req), total);
    res.setHeader('Sforce-Locator', end < total ? encodeLocator(end) : 'null');
    res.setHeader('Sforce-NumberOfRecords', String(end - offset));
    sendCsv(res, [target.header, ...target.rows.slice(offset, end)], target);
  });

  router.patch('/jobs/query/:id', json, (req: Request, res: Response) => {
    const target = job(req);
    const state = (req.body as { state?: unknown } | undefined)?.state;
    if (state !== 'Aborted') throw invalidJobState(`Invalid state requested: ${String(state)}; a query job can only be aborted`);
    if (isTerminal(target)) throw invalidJobState(`Job ${target.id} is ${target.state} and can no longer be aborted`);
    target.state = 'Aborted';
    target.systemModstamp = formatDateTime(ctx.store.now());
    res.json(renderJobSummary(target));
  });

  router.delete('/jobs/query/:id', (req: Request, res: Response) => {
    const target = job(req);
    if (target.state === 'InProgress') throw invalidJobState(`Job ${target.id} is InProgress; abort it before deleting it`);
    ctx.bulkJobs.remove(target.id);
    res.status(204).end();
  });
  return router;
}
