import express, { Router, type Request, type Response } from 'express';
import { sessionUser, type EmulatorContext } from '../context';
import { SfApiError, notFound, recordError } from '../errors';
import { findObject } from '../schema';
import { planCreate, planDelete, planUpdate, type WritePlan } from '../writes';
import { commitPlan, failedResult, renderRecord, withWriteFaults, type DmlKind, type SaveResult } from './dml';
import { apiVersionOf } from './middleware';

const MAX_RECORDS = 200;

type Body = { allOrNone?: boolean; records?: Array<Record<string, unknown>> };

function checkCount(n: number): void {
  if (n > MAX_RECORDS) throw new SfApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
}

function typeOf(record: Record<string, unknown>): string {
  const type = (record.attributes as { type?: string } | undefined)?.type;
  if (!type) throw new SfApiError(400, 'INVALID_TYPE', 'Must specify a type in attributes');
  if (!findObject(type)) throw new SfApiError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return type;
}

/**
 * Runs a batch the way sObject Collections do: every record is validated first; with allOrNone a
 * single failure rolls everything back and the valid records report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runBatch(ctx: EmulatorContext, plans: WritePlan[], kind: DmlKind, allOrNone: boolean, userId: string): SaveResult[] {
  const checked = plans.map((p) => withWriteFaults(ctx, p));
  const anyFailed = checked.some((p) => !p.ok);
  return checked.map((plan) => {
    if (!plan.ok) return failedResult(plan, kind);
    if (allOrNone && anyFailed) {
      const rolledBack = recordError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header');
      return { ...(plan.id ? { id: plan.id } : {}), success: false, errors: [rolledBack] };
    }
    return { id: commitPlan(ctx, plan, kind, userId), success: true, errors: [] };
  });
}

function retrieve(ctx: EmulatorContext, res: Response, type: string, ids: string[], fields: string): void {
  const object = findObject(type);
  if (!object) throw notFound();
  checkCount(ids.length);
  if (!fields) throw new SfApiError(400, 'MALFORMED_QUERY', 'fields parameter is required');
  res.json(ids.map((id) => {
    const record = ctx.store.get(object.name, id);
    return record && !record.IsDeleted ? renderRecord(ctx, object.name, record, apiVersionOf(res), fields) : null;
  }));
}

export function compositeRouter(ctx: EmulatorContext): Router {
  const router = Router({ mergeParams: true });
  router.use(express.json({ limit: '50mb' }));

  router.post('/composite/sobjects', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Body;
    const records = body.records ?? [];
    checkCount(records.length);
    const plans = records.map((r) => {
      if (r.Id || r.id) return { ok: false as const, error: recordError('INVALID_FIELD', 'Records with an ID cannot be created', ['Id']) };
      return planCreate(ctx.store, typeOf(r), r, sessionUser(res));
    });
    res.json(runBatch(ctx, plans, 'create', !!body.allOrNone, sessionUser(res)));
  });

  router.patch('/composite/sobjects', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Body;
    const records = body.records ?? [];
    checkCount(records.length);
    const plans = records.map((r): WritePlan => {
      const id = (r.id ?? r.Id) as string | undefined;
      if (!id) return { ok: false, error: recordError('MISSING_ARGUMENT', 'Id not specified in an update call', []) };
      return planUpdate(ctx.store, typeOf(r), id, r);
    });
    res.json(runBatch(ctx, plans, 'update', !!body.allOrNone, sessionUser(res)));
  });

  router.delete('/composite/sobjects', (req: Request, res: Response) => {
    const ids = String(req.query.ids ?? '').split(',').filter(Boolean);
    checkCount(ids.length);
    const allOrNone = String(req.query.allOrNone ?? '').toLowerCase() === 'true';
    res.json(runBatch(ctx, ids.map((id) => planDelete(ctx.store, id)), 'delete', allOrNone, sessionUser(res)));
  });

  router.get('/composite/sobjects/:type', (req: Request, res: Response) => {
    retrieve(ctx, res, String(req.params.type), String(req.query.ids ?? '').split(',').filter(Boolean), String(req.query.fields ?? ''));
  });

  router.post('/composite/sobjects/:type', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { ids?: string[]; fields?: string[] };
    retrieve(ctx, res, String(req.params.type), body.ids ?? [], (body.fields ?? []).join(','));
  });
  return router;
}
