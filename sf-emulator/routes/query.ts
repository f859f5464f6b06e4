import { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { SfApiError } from '../errors';
import { executeQuery } from '../soql/evaluate';
import { apiVersionOf } from './middleware';

const MIN_BATCH = 200;
const MAX_BATCH = 2000;

/** `Sforce-Query-Options: batchSize=N`; Salesforce treats it as a hint within 200..2000. */
function requestedBatchSize(req: Request): number | undefined {
  const header = req.get('sforce-query-options') ?? '';
  for (const option of header.split(',')) {
    const [name, value] = option.split('=').map((s) => s.trim());
    if (name.toLowerCase() === 'batchsize' && Number.isInteger(Number(value))) return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(value)));
  }
  return undefined;
}

export function queryRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });

  const runQuery = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = typeof req.query.q === 'string' ? req.query.q : '';
    if (!soql.trim()) throw new SfApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const result = executeQuery(ctx.store, apiVersionOf(res), soql, { includeDeleted });
    const batchSize = requestedBatchSize(req) ?? ctx.settings.defaultBatchSize;
    res.json(ctx.cursors.firstPage(result, batchSize, apiVersionOf(res)));
  };

  const nextPage = (req: Request, res: Response) => {
    res.json(ctx.cursors.nextPage(String(req.params.locator), apiVersionOf(res), requestedBatchSize(req)));
  };

  router.get('/query', runQuery(false));
  router.get('/queryAll', runQuery(true));
  // jsforce follows queryAll cursors through /query/ as well; both paths reach the same cursors.
  router.get('/query/:locator', nextPage);
  router.get('/queryAll/:locator', nextPage);
  return router;
}
