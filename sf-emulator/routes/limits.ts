import { Router, type Request, type Response } from 'express';
import { SUPPORTED_VERSIONS, type EmulatorContext } from '../context';
import { findObject } from '../schema';
import { apiVersionOf } from './middleware';

const SEASONS = ['Winter', 'Spring', 'Summer'];

/** Release names follow Salesforce's cadence: 59.0 was Winter '24, three releases a year. */
function releaseLabel(version: string): string {
  const n = Number(version) - 59;
  return `${SEASONS[((n % 3) + 3) % 3]} '${24 + Math.floor(n / 3)}`;
}

export function versionsHandler(_req: Request, res: Response): void {
  res.json(SUPPORTED_VERSIONS.filter((v) => Number(v) >= 50).map((version) => ({ label: releaseLabel(version), url: `/services/data/v${version}`, version })));
}

export function limitsRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/limits', (_req: Request, res: Response) => {
    const max = ctx.settings.dailyApiLimit;
    res.json({
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - ctx.stats.apiCalls) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
    });
  });
  /** Record Count resource: how many records each named object holds (Salesforce's figure is approximate; this one is exact). */
  router.get('/limits/recordCount', (req: Request, res: Response) => {
    const names = typeof req.query.sObjects === 'string' ? req.query.sObjects.split(',').filter(Boolean) : [];
    res.json({ sObjects: names.flatMap((name) => { const object = findObject(name); return object ? [{ count: ctx.store.count(object.name), name: object.name }] : []; }) });
  });
  router.get('/', (_req: Request, res: Response) => {
    const base = `/services/data/v${apiVersionOf(res)}`;
    const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite'];
    res.json(Object.fromEntries(names.map((n) => [n, `${base}/${n}`])));
  });
  return router;
}
