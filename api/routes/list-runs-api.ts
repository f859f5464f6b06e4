import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { CONFLICT_OUTCOMES, type FieldConflictDoc } from '../../domain/models/field-conflict';
import { MEMBERSHIP_CHANGES } from '../../domain/models/membership-change';
import { actorOf, requirePermission } from '../auth/authorize';
import { HttpError, NotFoundError } from '../http-errors';
import { pageInfo, tableQuery } from '../paging';
import { routeParam } from '../route-param';
import { startListRun } from '../services/list-run-starter';
import { parseInput } from '../validate';

const runIdParam = z.string().refine((id) => Types.ObjectId.isValid(id), 'must be a run id');
const changesQuery = tableQuery(['crmId'], 'crmId').extend({ change: z.enum(MEMBERSHIP_CHANGES).optional() }).strict();
const pushErrorsQuery = tableQuery(['crmId'], 'crmId').extend({ open: z.enum(['true', 'false']).optional() }).strict();
const conflictsQuery = tableQuery(['crmId'], 'crmId').extend({ winner: z.enum(['marketing', 'crm']).optional(), outcome: z.enum(CONFLICT_OUTCOMES).optional() }).strict();

export function presentPushError(e: { crmId: string; object: string; values: Record<string, unknown>; code: string; message: string; fields: string[]; resolvedByRunId: string | null; createdAt: Date }) {
  return { crmId: e.crmId, object: e.object, values: e.values, code: e.code, message: e.message, fields: e.fields, resolvedByRunId: e.resolvedByRunId, createdAt: e.createdAt };
}

export function presentFieldConflict(c: FieldConflictDoc) {
  return {
    crmId: c.crmId,
    type: c.type,
    field: c.field,
    crmField: c.crmField,
    marketingValue: c.marketingValue ?? null,
    crmValue: c.crmValue ?? null,
    agreedValue: c.agreedValue ?? null,
    rule: c.rule,
    winner: c.winner,
    outcome: c.outcome,
    at: c.at,
  };
}

/** The open push errors of a list run: records the CRM refused that no later push has written since. */
export async function openPushErrorIds(models: Pick<Models, 'PushError'>, runId: string): Promise<string[]> {
  const open = await models.PushError.find({ runId, resolvedByRunId: null }, { crmId: 1 }).lean();
  return [...new Set(open.map((e) => e.crmId))];
}

/** What list runs add to a run: membership changes, push errors, and retrying only the failed records. */
export function listRunsApiRouter(deps: { models: Models; temporal: Client; taskQueue: string }): Router {
  const { models } = deps;
  const router = Router();

  async function loadListRun(raw: string) {
    const runId = parseInput(runIdParam, raw, 'runId');
    const run = await models.Run.findById(runId).lean();
    if (!run) throw new NotFoundError(`run ${runId}`);
    if (run.kind !== 'list-sync' && run.kind !== 'list-import') throw new HttpError(400, `run ${runId} is a ${run.kind} run; only list runs have membership changes, conflicts and push errors`);
    return run;
  }

  router.get('/api/v1/runs/:runId/membership-changes', requirePermission('runs:view'), async (req, res) => {
    const run = await loadListRun(routeParam(req, 'runId'));
    const query = parseInput(changesQuery, req.query, 'query');
    const filter = { runId: String(run._id), ...(query.change ? { change: query.change } : {}) };
    const [changes, total] = await Promise.all([
      models.MembershipChange.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
      models.MembershipChange.countDocuments(filter),
    ]);
    res.json({ changes: changes.map(({ crmId, change, email, fields, at }) => ({ crmId, change, email, fields: fields ?? null, at })), page: pageInfo(query, total) });
  });

  router.get('/api/v1/runs/:runId/push-errors', requirePermission('runs:view'), async (req, res) => {
    const run = await loadListRun(routeParam(req, 'runId'));
    const query = parseInput(pushErrorsQuery, req.query, 'query');
    const filter = { runId: String(run._id), ...(query.open === 'true' ? { resolvedByRunId: null } : query.open === 'false' ? { resolvedByRunId: { $ne: null } } : {}) };
    const [errors, total] = await Promise.all([
      models.PushError.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
      models.PushError.countDocuments(filter),
    ]);
    res.json({ errors: errors.map(presentPushError), page: pageInfo(query, total) });
  });

  router.get('/api/v1/runs/:runId/conflicts', requirePermission('runs:view'), async (req, res) => {
    const run = await loadListRun(routeParam(req, 'runId'));
    const query = parseInput(conflictsQuery, req.query, 'query');
    const filter = { runId: String(run._id), ...(query.winner ? { winner: query.winner } : {}), ...(query.outcome ? { outcome: query.outcome } : {}) };
    const [conflicts, total] = await Promise.all([
      models.FieldConflict.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1, field: 1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
      models.FieldConflict.countDocuments(filter),
    ]);
    res.json({ conflicts: conflicts.map(presentFieldConflict), page: pageInfo(query, total) });
  });

  router.post('/api/v1/runs/:runId/retry-failed-records', requirePermission('runs:operate'), async (req, res) => {
    const run = await loadListRun(routeParam(req, 'runId'));
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    const ids = await openPushErrorIds(models, String(run._id));
    if (ids.length === 0) throw new HttpError(409, `run ${String(run._id)} has no failed records left to retry`);
    const started = await startListRun(deps, String(run.listId), 'retry-push', { triggeredBy: actorOf(req).name, trigger: 'retry' }, { onlyCrmIds: ids, retryOf: String(run._id) });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'retried-failed-records', { kind: 'run', id: started.runId }, { retryOf: String(run._id), records: ids.length });
    res.status(202).json({ ...started, records: ids.length });
  });

  return router;
}
