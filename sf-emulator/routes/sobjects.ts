import express, { Router, type Request, type Response } from 'express';
import { sessionUser, type EmulatorContext } from '../context';
import { formatDateTime, parseDateTime } from '../datetime';
import { SfApiError, notFound, toApiError } from '../errors';
import { findObject } from '../schema';
import { planCreate, planDelete, planUpdate } from '../writes';
import { commitPlan, renderRecord, withWriteFaults } from './dml';
import { apiVersionOf } from './middleware';

const MINUTE_MS = 60_000;
const UPDATED_WINDOW_DAYS = 30;

function objectOr404(type: string) {
  const object = findObject(type);
  if (!object) throw notFound();
  return object;
}

/** getUpdated/getDeleted windows: Salesforce truncates to the minute and serves at most the last 30 days. */
function replicationWindow(ctx: EmulatorContext, req: Request): { start: string; end: string } {
  const [startMs, endMs] = [parseDateTime(String(req.query.start ?? '')), parseDateTime(String(req.query.end ?? ''))];
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw new SfApiError(400, 'MALFORMED_QUERY', 'start and end must be ISO-8601 datetimes');
  const nowMs = ctx.store.now();
  const start = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(Math.min(endMs, nowMs) / MINUTE_MS) * MINUTE_MS;
  if (endMs < startMs) throw new SfApiError(400, 'INVALID_REPLICATION_DATE', 'end date must be after start date');
  if (start < nowMs - UPDATED_WINDOW_DAYS * 86_400_000) throw new SfApiError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  return { start: formatDateTime(start), end: formatDateTime(Math.max(end, start)) };
}

export function sobjectsRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });
  router.use(express.json({ limit: '50mb' }));

  router.get('/sobjects/:type/updated', (req: Request, res: Response) => {
    const object = objectOr404(String(req.params.type));
    const { start, end } = replicationWindow(ctx, req);
    const ids = ctx.store.list(object.name).filter((r) => (r.SystemModstamp as string) >= start && (r.SystemModstamp as string) < end).map((r) => r.Id);
    res.json({ ids, latestDateCovered: end });
  });

  router.get('/sobjects/:type/deleted', (req: Request, res: Response) => {
    const object = objectOr404(String(req.params.type));
    const { start, end } = replicationWindow(ctx, req);
    const log = ctx.store.deletionsOf(object.name);
    const deletedRecords = log.filter((d) => d.deletedDate >= start && d.deletedDate < end).map((d) => ({ id: d.id, deletedDate: d.deletedDate }));
    const earliest = log.length ? log.reduce((min, d) => (d.deletedDate < min ? d.deletedDate : min), log[0].deletedDate) : end;
    res.json({ deletedRecords, earliestDateAvailable: earliest, latestDateCovered: end });
  });

  router.get('/sobjects/:type', (req: Request, res: Response) => {
    const object = objectOr404(String(req.params.type));
    res.json({ objectDescribe: { name: object.name, label: object.label, keyPrefix: object.keyPrefix }, recentItems: [] });
  });

  router.post('/sobjects/:type', (req: Request, res: Response) => {
    const plan = withWriteFaults(ctx, planCreate(ctx.store, String(req.params.type), req.body ?? {}, sessionUser(res)));
    if (!plan.ok) throw toApiError(plan.error);
    const id = commitPlan(ctx, plan, 'create', sessionUser(res));
    res.status(201).json({ id, success: true, errors: [] });
  });

  router.get('/sobjects/:type/:id', (req: Request, res: Response) => {
    const object = objectOr404(String(req.params.type));
    const record = ctx.store.get(object.name, String(req.params.id));
    if (!record || record.IsDeleted) throw notFound();
    const fields = typeof req.query.fields === 'string' ? req.query.fields : undefined;
    res.json(renderRecord(ctx, object.name, record, apiVersionOf(res), fields));
  });

  router.patch('/sobjects/:type/:id', (req: Request, res: Response) => {
    const plan = withWriteFaults(ctx, planUpdate(ctx.store, String(req.params.type), String(req.params.id), req.body ?? {}));
    if (!plan.ok) {
      const missing = ['MALFORMED_ID', 'INVALID_CROSS_REFERENCE_KEY'].includes(plan.error.statusCode);
      throw missing ? notFound() : toApiError(plan.error, plan.error.statusCode === 'ENTITY_IS_DELETED' ? 404 : 400);
    }
    commitPlan(ctx, plan, 'update', sessionUser(res));
    res.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (req: Request, res: Response) => {
    objectOr404(String(req.params.type));
    const plan = withWriteFaults(ctx, planDelete(ctx.store, String(req.params.id), String(req.params.type)));
    if (!plan.ok) {
      if (plan.error.statusCode === 'ENTITY_IS_DELETED') throw toApiError(plan.error, 404);
      const missing = ['MALFORMED_ID', 'INVALID_CROSS_REFERENCE_KEY'].includes(plan.error.statusCode);
      throw missing ? notFound() : toApiError(plan.error);
    }
    commitPlan(ctx, plan, 'delete', sessionUser(res));
    res.status(204).end();
  });
  return router;
}
