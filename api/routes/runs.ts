import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { RUN_KINDS, RUN_STATUSES, RUN_TRIGGERS } from '../../domain/models/run';
import { actorOf, requirePermission } from '../auth/authorize';
import { runListQuery } from '../forms/run-list-query';
import { presentList } from '../presenters/list-json';
import { presentFieldConflict, presentPushError } from '../presenters/list-run-json';
import { openPushErrorIds } from '../services/list-run-read';
import { listRuns, listRunSyncErrors, loadRun, loadRunCrmModel, loadRunFilterNames, loadRunOfList, loadRunPage } from '../services/runs-read';
import { runOperationsRouter } from './run-operations';
import { startListRun } from '../services/list-run-starter';
import { canRetryKind } from '../services/run-retry';
import { pageInfo, tableQuery } from '../paging';
import { presentApiAllowance } from '../presenters/api-allowance';
import { presentRun } from '../presenters/run-json';
import type { RunSyncErrorJson } from '../presenters/run-json-schema';
import { routeParam } from '../route-param';
import { parseInput } from '../validate';
import type { RunDetailJson, RunsPageJson, runSyncErrorsPageJson } from '../presenters/run-json-schema';

const objectId = (what: string) => z.string().refine((id) => Types.ObjectId.isValid(id), `must be a ${what} id`);

export const errorsQuery = tableQuery(['recordId'], 'recordId').strict();

function presentSyncError(e: { object: string; recordId: string; field: string; crmField: string; rawValue: string; reason: string }): RunSyncErrorJson {
  return { object: e.object, recordId: e.recordId, field: e.field, crmField: e.crmField, rawValue: e.rawValue, reason: e.reason };
}

export function runsRouter(deps: { models: Models; temporal: Client; taskQueue: string }): Router {
  const { models } = deps;
  const router = Router();
  router.use(['/runs', '/api/v1/runs'], requirePermission('runs:view'));
  router.use(runOperationsRouter(deps));

  async function listRunsPage(rawQuery: unknown) {
    const query = parseInput(runListQuery, rawQuery, 'query');
    const { runs, total, next, totalCapped } = await listRuns(models, query);
    const { page, perPage, sort, dir, after } = query;
    return { runs: runs.map(presentRun), page: pageInfo({ page, perPage, sort, dir, after }, total, { next, totalCapped }), filter: query };
  }

  router.get('/api/v1/runs', async (req, res) => {
    const { runs, page } = await listRunsPage(req.query);
    res.json({ runs, page } satisfies RunsPageJson);
  });

  router.get('/api/v1/runs/:runId', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const run = await loadRun(models, runId);
    const crm = await loadRunCrmModel(models, run.connectionId);
    // One run only: the runs list would need every run's connection read to say it.
    res.json({ ...presentRun(run), apiAllowance: crm ? presentApiAllowance(run, crm) : null } satisfies RunDetailJson);
  });

  router.get('/api/v1/runs/:runId/errors', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const query = parseInput(errorsQuery, req.query, 'query');
    const { errors, total, next } = await listRunSyncErrors(models, runId, query);
    res.json({ errors: errors.map(presentSyncError), page: pageInfo(query, total, { next }) } satisfies z.infer<typeof runSyncErrorsPageJson>);
  });

  router.get('/runs', async (req, res) => {
    const listed = await listRunsPage(req.query);
    const { connectionNames, listNames } = await loadRunFilterNames(models);
    res.render('runs/index', { title: 'Runs', ...listed, connectionNames, listNames, statuses: RUN_STATUSES, kinds: RUN_KINDS, triggers: RUN_TRIGGERS });
  });

  router.get('/runs/:runId', async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const { run, connectionName, crm, errors, errorTotal, list, isListRun, changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal } = await loadRunPage(models, runId);
    res.render('runs/show', {
      title: `Run ${runId}`,
      run: presentRun(run),
      apiAllowance: crm ? presentApiAllowance(run, crm) : null,
      connectionName: connectionName ?? '(deleted connection)',
      list: isListRun ? (list ? presentList(list) : { id: String(run.listId), name: '(deleted list)' }) : undefined,
      errors: errors.map(presentSyncError),
      errorTotal,
      changes,
      changeTotal,
      pushErrors: pushErrors.map(presentPushError),
      openPushErrors,
      conflicts: conflicts.map(presentFieldConflict),
      conflictTotal,
      retryable: canRetryKind(run.kind),
      // The CRM's own words for how a list push wrote ("through sObject Collections", "through /bulk requests").
      writePathLabels: crm?.writePathLabels ?? null,
    });
  });

  router.post('/runs/:runId/retry-failed-records', requirePermission('runs:operate'), async (req, res) => {
    const runId = parseInput(objectId('run'), routeParam(req, 'runId'), 'runId');
    const run = await loadRunOfList(models, runId);
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
