import type { Client } from '@temporalio/client';
import { syncedObjectsOf } from '../../domain/crm/synced-objects';
import type { Models } from '../../domain/models';
import type { RunDoc } from '../../domain/models/run';
import { requestFullSync } from '../../domain/models/sync-state';
import { linkRetriedRun, runCounts, runOptions } from '../../domain/runs';
import type { ListRunMode } from '../../contract';
import { HttpError, NotFoundError, ValidationError } from '../http-errors';
import { startListRun } from './list-run-starter';
import { retryPipeline } from './pipeline-starter';
import { startSegmentRefresh } from './segment-run-starter';
import { isActiveRun } from './run-cancel';
import { startCrmAdminSync, type StartedRun } from './run-starter';

type RetryDeps = { models: Models; temporal: Client; taskQueue: string };
type StoredRun = RunDoc & { _id: unknown };

export interface RetryRequest {
  /** 'full': re-run a full sync (crm-admin-sync only) instead of carrying on from the watermarks. */
  mode?: 'full';
}

export interface RetriedRun extends StartedRun {
  retryOf: string;
}

interface RetryContext {
  deps: RetryDeps;
  run: StoredRun;
  runId: string;
  request: RetryRequest;
  who: { triggeredBy: string; trigger: 'retry' };
}

type RetryRunFn = (ctx: RetryContext) => Promise<StartedRun>;

/**
 * How each kind of run is retried. A kind missing here is answered with a 400: adding one (the
 * pipeline, segment refreshes) is one entry.
 */
const RETRIES: Partial<Record<string, RetryRunFn>> = {
  'crm-admin-sync': retryCrmAdminSync,
  'list-sync': retryListRun,
  'list-import': retryListRun,
  'sync-pipeline': retryPipelineRun,
  'segment-refresh': retrySegmentRefresh,
};

/** Kinds whose runs can be re-run as a full sync (body `{ mode: 'full' }`). */
const FULL_RERUN_KINDS = new Set(['crm-admin-sync']);

export function canRetryKind(kind: string): boolean {
  return RETRIES[kind] !== undefined;
}

/**
 * Starts a new run of the same work as a failed or cancelled one (trigger 'retry', options.retryOf
 * naming the old run). A full re-run may also follow a run that succeeded. When a run of that work
 * is already going, the retry joins it, as any other trigger would.
 */
export async function retryRun(deps: RetryDeps, runId: string, request: RetryRequest, triggeredBy: string): Promise<RetriedRun> {
  const run = await deps.models.Run.findById(runId).lean();
  if (!run) throw new NotFoundError(`run ${runId}`);
  const retry = RETRIES[run.kind];
  if (!retry) throw new HttpError(400, `retry of ${run.kind} runs is not supported here`);
  if (request.mode === 'full' && !FULL_RERUN_KINDS.has(run.kind)) {
    throw new ValidationError([{ path: 'body.mode', message: `a full re-run applies to crm-admin-sync runs only, not ${run.kind}` }]);
  }
  if (isActiveRun(run.status)) {
    throw new HttpError(409, `run ${runId} is still ${run.status}: cancel it or wait for it to end before retrying`);
  }
  if (request.mode !== 'full' && run.status !== 'failed' && run.status !== 'cancelled') {
    const full = FULL_RERUN_KINDS.has(run.kind) ? " (send { mode: 'full' } to re-run a full sync)" : '';
    throw new HttpError(409, `run ${runId} ${run.status}; only failed or cancelled runs are retried${full}`);
  }
  const started = await retry({ deps, run, runId, request, who: { triggeredBy, trigger: 'retry' } });
  return { ...started, retryOf: runId };
}

/**
 * Carries on from the watermarks: objects the old run finished are only pulled for what changed
 * since, and the rest are pulled in the mode they need. A full sync that did not finish stays full
 * for the objects it had not finished (a full request is otherwise forgotten once the run ends).
 */
async function retryCrmAdminSync({ deps, run, runId, request, who }: RetryContext): Promise<StartedRun> {
  const connectionId = String(run.connectionId);
  const old = runOptions('crm-admin-sync', run);
  if (request.mode !== 'full' && old.mode === 'full') {
    const counts = runCounts('crm-admin-sync', run);
    // finishObjectSync writes watermarkAfter (null for an empty object) once the object is done.
    const connection = await deps.models.Connection.findById(connectionId, { crm: 1 }).lean();
    const unfinished = syncedObjectsOf(connection ?? {}).filter((object) => !(counts[object] && 'watermarkAfter' in counts[object]));
    if (unfinished.length > 0) await requestFullSync(deps.models.SyncState, connectionId, unfinished, `the full sync of run ${runId} did not finish`);
  }
  const mode = request.mode === 'full' ? 'full' : 'incremental';
  const started = await startCrmAdminSync(
    deps,
    connectionId,
    { mode, ...(old.driftCheck ? { driftCheck: true } : {}), ...(old.refreshCalculated ? { refreshCalculated: true } : {}) },
    who,
  );
  // The starter records what the workflow is asked; which run this one retries is for ops.
  if (!started.joined) await linkRetriedRun(deps.models, started.runId, runId);
  return started;
}

/** The same mode again; a push retry pushes the records still refused (its own and its source run's). */
async function retryListRun({ deps, run, runId, who }: RetryContext): Promise<StartedRun> {
  if (!run.listId) throw new HttpError(409, `run ${runId} names no list to run again`);
  const options = runOptions('list-sync', run);
  const mode: ListRunMode = options.mode ?? (run.kind === 'list-import' ? 'import' : 'sync');
  if (mode !== 'retry-push') return startListRun(deps, String(run.listId), mode, who, { retryOf: runId });
  const sources = [runId, ...(options.retryOf ? [options.retryOf] : [])];
  const open = await deps.models.PushError.find({ runId: { $in: sources }, resolvedByRunId: null }, { crmId: 1 }).lean();
  const ids = [...new Set(open.map((e) => e.crmId))];
  if (ids.length === 0) throw new HttpError(409, `run ${runId} has no failed records left to retry: later pushes wrote them`);
  return startListRun(deps, String(run.listId), mode, who, { retryOf: runId, onlyCrmIds: ids });
}

/** Only the failed and blocked steps run again; finished steps (the admin sync, other lists) are not redone. */
async function retryPipelineRun({ deps, runId, who }: RetryContext): Promise<StartedRun> {
  return retryPipeline(deps, runId, who.triggeredBy);
}

async function retrySegmentRefresh({ deps, run, runId, who }: RetryContext): Promise<StartedRun> {
  if (!run.segmentId) throw new HttpError(409, `run ${runId} names no segment to refresh again`);
  const started = await startSegmentRefresh(deps, String(run.segmentId), who);
  if (!started.joined) await linkRetriedRun(deps.models, started.runId, runId);
  return started;
}
