import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { RUN_KINDS, RUN_STATUSES, RUN_TRIGGERS, type RunDoc } from '../../domain/models/run';
import { syncStateKey } from '../../domain/models/sync-state';
import { actorOf, requirePermission } from '../auth/authorize';
import { runListFilter, runListQuery } from '../forms/run-list-query';
import { presentList } from '../presenters/list-json';
import { openPushErrorIds, presentFieldConflict, presentPushError } from './list-runs-api';
import { runOperationsRouter } from './run-operations';
import { startListRun } from '../services/list-run-starter';
import { canRetryKind } from '../services/run-retry';
import { NotFoundError } from '../http-errors';
import { pageInfo, tableQuery } from '../paging';
import { presentRun } from '../presenters/run-json';
import { routeParam } from '../route-param';
import { parseInput } from '../validate';
import { runProgress } from '../../domain/runs';

const objectId = (what: string) => z.string().refine((id) => Types.ObjectId.isValid(id), `must be a ${what} id`);

type LeanRun = RunDoc & { _id: unknown };

/**
 * A full pull's percentage needs the object's record count at its last sync. Only runs in a full
 * pull need it, so one look-up covers a whole page of runs.
 */
async function withExpectedRecords<T extends LeanRun>(models: Pick<Models, 'SyncState'>, runs: T[]): Promise<(T & { expectedRecords?: number })[]> {
  const objectOf = (run: T) => {
    const progress = runProgress(run);
    return run.kind === 'crm-admin-sync' && progress?.phase === 'full pull' && progress.object ? syncStateKey(String(run.connectionId), progress.object) : undefined;
  };
  const keys = [...new Set(runs.map(objectOf).filter((k): k is string => Boolean(k)))];
  if (keys.length === 0) return runs;
  const states = await models.SyncState.find({ _id: { $in: keys } }, { recordCount: 1 }).lean();
  const counts = new Map(states.map((s) => [s._id, s.recordCount ?? 0]));
  return runs.map((run) => {
    const key = objectOf(run);
    return key && counts.has(key) ? { ...run, expectedRecords: counts.get(key) } : run;
  });
}

const errorsQuery = tableQuery(['recordId'], 'recordId').strict();
const ERRORS_ON_PAGE = 100;

function presentSyncError(e: { object: string; recordId: string; field: string; crmField: string; rawValue: string; reason: string }) {
  return { object: e.object, recordId: e.recordId, field: e.field, crmField: e.crmField, rawValue: e.rawValue, reason: e.reason };
}

const CHANGES_ON_PAGE = 50;

export function runsRouter(deps: { models: Models; temporal: Client; taskQueue: string }): Router {
  const { models } = deps;
  const router = Router();
  router.use(['/runs', '/api/v1/runs'], requirePermission('runs:view'));
  router.use(runOperationsRouter(deps));

  async function listRuns(rawQuery: unknown) {
    const query = parseInput(runListQuery, rawQuery, 'query');
    const filter = runListFilter(query);
    const [runs, total] = await Promise.all([
      models.Run.find(filter)
        .sort({ [query.sort]: query.dir === 'asc' ? 1 : -1, _id: -1 })
        .skip((query.page - 1) * query.perPage)
        .limit(query.perPage)
        .lean(),
      models.Run.countDocuments(filter),
    ]);
    const { page, perPage, sort, dir } = query;
    return { runs: (await withExpectedRecords(models, runs)).map(presentRun), page: pageInfo({ page, perPage, sort, dir }, total), filter: query };
  }

  router.get('/api/v1/runs', async (req, res) => {
    const { runs, page } = await listRuns(req.query);
    res.json({ runs, page });
  });

  router.get('/api/v1/runs/:runId', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const run = await models.Run.findById(runId).lean();
    if (!run) throw new NotFoundError(`run ${runId}`);
    const [withExpected] = await withExpectedRecords(models, [run]);
    res.json(presentRun(withExpected));
  });

  router.get('/api/v1/runs/:runId/errors', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    if (!(await models.Run.exists({ _id: runId }))) throw new NotFoundError(`run ${runId}`);
    const query = parseInput(errorsQuery, req.query, 'query');
    const [errors, total] = await Promise.all([
      models.SyncError.find({ runId }).sort({ object: 1, recordId: 1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
      models.SyncError.countDocuments({ runId }),
    ]);
    res.json({ errors: errors.map(presentSyncError), page: pageInfo(query, total) });
  });

  router.get('/runs', async (req, res) => {
    const listed = await listRuns(req.query);
    const [connections, lists] = await Promise.all([models.Connection.find({}, { name: 1 }).lean(), models.MarketingList.find({}, { name: 1 }).sort({ name: 1 }).lean()]);
    const connectionNames = Object.fromEntries(connections.map((c) => [String(c._id), c.name]));
    const listNames = Object.fromEntries(lists.map((l) => [String(l._id), l.name]));
    res.render('runs/index', { title: 'Runs', ...listed, connectionNames, listNames, statuses: RUN_STATUSES, kinds: RUN_KINDS, triggers: RUN_TRIGGERS });
  });

  router.get('/runs/:runId', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const found = await models.Run.findById(runId).lean();
    if (!found) throw new NotFoundError(`run ${runId}`);
    const [run] = await withExpectedRecords(models, [found]);
    const connection = await models.Connection.findById(run.connectionId, { name: 1 }).lean();
    const [errors, errorTotal] = await Promise.all([
      models.SyncError.find({ runId }).sort({ object: 1, recordId: 1 }).limit(ERRORS_ON_PAGE).lean(),
      models.SyncError.countDocuments({ runId }),
    ]);
    const listDoc = run.listId ? await models.MarketingList.findById(run.listId).lean() : null;
    const isListRun = run.kind === 'list-sync' || run.kind === 'list-import';
    const [changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal] = isListRun
      ? await Promise.all([
          models.MembershipChange.find({ runId }).sort({ change: 1, crmId: 1 }).limit(CHANGES_ON_PAGE).lean(),
          models.MembershipChange.countDocuments({ runId }),
          models.PushError.find({ runId }).sort({ crmId: 1 }).limit(ERRORS_ON_PAGE).lean(),
          models.PushError.countDocuments({ runId, resolvedByRunId: null }),
          models.FieldConflict.find({ runId }).sort({ crmId: 1, field: 1 }).limit(ERRORS_ON_PAGE).lean(),
          models.FieldConflict.countDocuments({ runId }),
        ])
      : [[], 0, [], 0, [], 0];
    res.render('runs/show', {
      title: `Run ${runId}`,
      run: presentRun(run),
      connectionName: connection?.name ?? '(deleted connection)',
      list: isListRun ? (listDoc ? presentList(listDoc) : { id: String(run.listId), name: '(deleted list)' }) : undefined,
      errors: errors.map(presentSyncError),
      errorTotal,
      changes,
      changeTotal,
      pushErrors: pushErrors.map(presentPushError),
      openPushErrors,
      conflicts: conflicts.map(presentFieldConflict),
      conflictTotal,
      retryable: canRetryKind(run.kind),
    });
  });

  router.post('/runs/:runId/retry-failed-records', requirePermission('runs:operate'), async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const run = await models.Run.findById(runId).lean();
    if (!run || !run.listId) throw new NotFoundError(`list run ${runId}`);
    const ids = await openPushErrorIds(models, runId);
    if (ids.length === 0) {
      req.session.flash = { kind: 'warn', message: 'No failed records are left to retry: later pushes wrote them.' };
      return res.redirect(`/runs/${runId}`);
    }
    const started = await startListRun(deps, String(run.listId), 'retry-push', { triggeredBy: actorOf(req).name, trigger: 'retry' }, { onlyCrmIds: ids, retryOf: runId });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'retried-failed-records', { kind: 'run', id: started.runId }, { retryOf: runId, records: ids.length });
    req.session.flash = { kind: 'ok', message: started.joined ? 'A run of this list was already in progress: showing it. Retry once it has finished.' : `Retrying ${ids.length} failed record${ids.length === 1 ? '' : 's'}.` };
    res.redirect(`/runs/${started.runId}`);
  });

  return router;
}
