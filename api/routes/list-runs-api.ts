import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { CONFLICT_OUTCOMES } from '../../domain/models/field-conflict';
import { MEMBERSHIP_CHANGES } from '../../domain/models/membership-change';
import { actorOf, requirePermission } from '../auth/authorize';
import { HttpError } from '../http-errors';
import { pageInfo, tableQuery } from '../paging';
import { presentFieldConflict, presentMembershipChange, presentPushError } from '../presenters/list-run-json';
import { routeParam } from '../route-param';
import { startListRun } from '../services/list-run-starter';
import { listFieldConflicts, listMembershipChanges, listPushErrors, loadListRun, openPushErrorIds } from '../services/list-run-read';
import { parseInput } from '../validate';
import type { fieldConflictsPageJson, membershipChangesPageJson, pushErrorsPageJson } from '../presenters/list-run-json-schema';
import type { retriedRecordsJson } from '../presenters/run-json-schema';

const runIdParam = z.string().refine((id) => Types.ObjectId.isValid(id), 'must be a run id');
export const changesQuery = tableQuery(['crmId'], 'crmId').extend({ change: z.enum(MEMBERSHIP_CHANGES).optional() }).strict();
export const pushErrorsQuery = tableQuery(['crmId'], 'crmId').extend({ open: z.enum(['true', 'false']).optional() }).strict();
export const conflictsQuery = tableQuery(['crmId'], 'crmId').extend({ winner: z.enum(['marketing', 'crm']).optional(), outcome: z.enum(CONFLICT_OUTCOMES).optional() }).strict();

/** What list runs add to a run: membership changes, push errors, and retrying only the failed records. */
export function listRunsApiRouter(deps: { models: Models; temporal: Client; taskQueue: string }): Router {
  const { models } = deps;
  const router = Router();

  async function listRunOf(raw: string) {
    const run = await loadListRun(models, parseInput(runIdParam, raw, 'runId'));
    return { run, runId: String(run._id) };
  }

  router.get('/api/v1/runs/:runId/membership-changes', requirePermission('runs:view'), async (req, res) => {
    const { runId } = await listRunOf(routeParam(req, 'runId'));
    const query = parseInput(changesQuery, req.query, 'query');
    const { changes, total, next } = await listMembershipChanges(models, runId, query);
    res.json({ changes: changes.map(presentMembershipChange), page: pageInfo(query, total, { next }) } satisfies z.infer<typeof membershipChangesPageJson>);
  });

  router.get('/api/v1/runs/:runId/push-errors', requirePermission('runs:view'), async (req, res) => {
    const { runId } = await listRunOf(routeParam(req, 'runId'));
    const query = parseInput(pushErrorsQuery, req.query, 'query');
    const { errors, total, next } = await listPushErrors(models, runId, { ...query, open: query.open === undefined ? undefined : query.open === 'true' });
    res.json({ errors: errors.map(presentPushError), page: pageInfo(query, total, { next }) } satisfies z.infer<typeof pushErrorsPageJson>);
  });

  router.get('/api/v1/runs/:runId/conflicts', requirePermission('runs:view'), async (req, res) => {
    const { runId } = await listRunOf(routeParam(req, 'runId'));
    const query = parseInput(conflictsQuery, req.query, 'query');
    const { conflicts, total, next } = await listFieldConflicts(models, runId, query);
    res.json({ conflicts: conflicts.map(presentFieldConflict), page: pageInfo(query, total, { next }) } satisfies z.infer<typeof fieldConflictsPageJson>);
  });

  router.post('/api/v1/runs/:runId/retry-failed-records', requirePermission('runs:operate'), async (req, res) => {
    const { run, runId } = await listRunOf(routeParam(req, 'runId'));
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    const ids = await openPushErrorIds(models, runId);
    if (ids.length === 0) throw new HttpError(409, `run ${runId} has no failed records left to retry`);
    const started = await startListRun(deps, String(run.listId), 'retry-push', { triggeredBy: actorOf(req).name, trigger: 'retry' }, { onlyCrmIds: ids, retryOf: runId });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'retried-failed-records', { kind: 'run', id: started.runId }, { retryOf: runId, records: ids.length });
    res.status(202).json({ ...started, records: ids.length } satisfies z.infer<typeof retriedRecordsJson>);
  });

  return router;
}
