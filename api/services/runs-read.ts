/** Reading runs for the runs pages and API: the list, one run, its sync errors and its page. */
import type { CrmModel } from '../../domain/crm/crm-model';
import { crmModel } from '../../domain/crm/crm-registry';
import type { Models } from '../../domain/models';
import type { RunDoc } from '../../domain/models/run';
import { syncStateKey } from '../../domain/models/sync-state';
import { runProgress } from '../../domain/runs';
import { runListFilter, type RunListQuery } from '../forms/run-list-query';
import { NotFoundError } from '../http-errors';
import { countUpTo, readKeysetPage, type KeysetPaging, type SortKey } from '../keyset';
import { listRunPageSections } from './list-run-read';
import { readNewestRunsPage } from './newest-runs-page';

type LeanRun = RunDoc & { _id: unknown };
type Paging = KeysetPaging;

const ERRORS_ON_PAGE = 100;
const NO_LIST_SECTIONS: Awaited<ReturnType<typeof listRunPageSections>> = { changes: [], changeTotal: 0, pushErrors: [], openPushErrors: 0, conflicts: [], conflictTotal: 0 };

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

/**
 * A page of runs. Newest first (the default) is read by bucket (newest-runs-page.ts) and its total
 * is a floor: the runs on the pages so far, "+" while more follow. Any other order sorts the runs
 * matching the filter, newest first on ties, and counts no further than the rows a page may skip.
 */
export async function listRuns(models: Pick<Models, 'Run' | 'SyncState' | 'db'>, query: RunListQuery) {
  const filter = runListFilter(query);
  if (query.sort === 'createdAt' && query.dir === 'desc') {
    const { rows, next, seen } = await readNewestRunsPage(models, filter, query);
    return { runs: await withExpectedRecords(models, rows as LeanRun[]), total: seen, next, totalCapped: next !== null };
  }
  const keys: SortKey[] = [
    { field: query.sort, dir: query.dir === 'asc' ? 1 : -1 },
    { field: '_id', dir: -1 },
  ];
  const [{ rows, next }, { total, capped }] = await Promise.all([readKeysetPage(models.Run, filter, keys, query), countUpTo(models.Run, filter)]);
  return { runs: await withExpectedRecords(models, rows as LeanRun[]), total, next, totalCapped: capped };
}

/** The names the runs page's filters show for connection and list ids. */
export async function loadRunFilterNames(models: Pick<Models, 'Connection' | 'MarketingList'>) {
  const [connections, lists] = await Promise.all([models.Connection.find({}, { name: 1 }).lean(), models.MarketingList.find({}, { name: 1 }).sort({ name: 1 }).lean()]);
  return {
    connectionNames: Object.fromEntries(connections.map((c) => [String(c._id), c.name])),
    listNames: Object.fromEntries(lists.map((l) => [String(l._id), l.name])),
  };
}

export async function loadRun(models: Pick<Models, 'Run' | 'SyncState'>, runId: string) {
  const run = await models.Run.findById(runId).lean();
  if (!run) throw new NotFoundError(`run ${runId}`);
  const [withExpected] = await withExpectedRecords(models, [run]);
  return withExpected;
}

/** A run of a list (one with a list id), for retrying its failed records. */
export async function loadRunOfList(models: Pick<Models, 'Run'>, runId: string) {
  const run = await models.Run.findById(runId).lean();
  if (!run || !run.listId) throw new NotFoundError(`list run ${runId}`);
  return run;
}

/** What the audit entry of a cancelled run names; null when the run is gone. */
export async function findRunWorkflow(models: Pick<Models, 'Run'>, runId: string) {
  return models.Run.findById(runId, { kind: 1, workflowId: 1 }).lean();
}

export async function listRunSyncErrors(models: Pick<Models, 'Run' | 'SyncError'>, runId: string, paging: Paging) {
  if (!(await models.Run.exists({ _id: runId }))) throw new NotFoundError(`run ${runId}`);
  const keys: SortKey[] = [
    { field: 'object', dir: 1 },
    { field: 'recordId', dir: 1 },
    { field: '_id', dir: 1 },
  ];
  const [{ rows, next }, total] = await Promise.all([readKeysetPage(models.SyncError, { runId }, keys, paging), models.SyncError.countDocuments({ runId })]);
  return { errors: rows, total, next };
}

/** The CRM model of a run's connection; null when the connection is gone and its CRM unknown. */
export async function loadRunCrmModel(models: Pick<Models, 'Connection'>, connectionId: unknown): Promise<CrmModel | null> {
  const connection = await models.Connection.findById(connectionId, { crm: 1 }).lean();
  return connection ? crmModel(connection.crm) : null;
}

/** Everything the run page shows: the run, its connection's name and CRM model, its first errors and, for a list run, its list's sections. */
export async function loadRunPage(models: Models, runId: string) {
  const run = await loadRun(models, runId);
  const connection = await models.Connection.findById(run.connectionId, { name: 1, crm: 1 }).lean();
  const [errors, errorTotal] = await Promise.all([
    models.SyncError.find({ runId }).sort({ object: 1, recordId: 1 }).limit(ERRORS_ON_PAGE).lean(),
    models.SyncError.countDocuments({ runId }),
  ]);
  const list = run.listId ? await models.MarketingList.findById(run.listId).lean() : null;
  const isListRun = run.kind === 'list-sync' || run.kind === 'list-import';
  const sections = isListRun ? await listRunPageSections(models, runId) : NO_LIST_SECTIONS;
  return { run, connectionName: connection?.name, crm: connection ? crmModel(connection.crm) : null, errors, errorTotal, list, isListRun, ...sections };
}
