import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createPipelineActivities } from '../activities/pipeline';
import type { createRunActivities } from '../activities/runs';
import {
  crmAdminSyncWorkflowId,
  listSyncWorkflowId,
  segmentRefreshChildWorkflowId,
  type PipelineStep,
  type SyncPipelineInput,
} from '../contract';
import { listMaintenanceWorkflowId } from '../contract/programs';
import { describeFailure } from './failure-message';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });
const pipeline = proxyActivities<ReturnType<typeof createPipelineActivities>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10 } });
/** The segments feature's run documents (its activities register under this name). */
const segments = proxyActivities<{ prepareSegmentRefreshRun(input: { segmentId: string; trigger: 'pipeline' }): Promise<string> }>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

const DEFAULT_LIST_CONCURRENCY = 3;
const JOIN_POLL_MS = 5_000;

type StepOutcome = { status: 'succeeded' | 'failed' | 'cancelled'; error: string | null; changed: boolean };

/**
 * Runs one step as a child workflow under the step's own workflow id, so it never overlaps a run
 * of the same work started elsewhere: when one is running, the step follows that run instead.
 * The outcome is read from the run document, which the child keeps.
 */
async function runStep(workflowType: string, workflowId: string, runId: string, args: unknown[]): Promise<{ runId: string; outcome: StepOutcome }> {
  let followed = runId;
  try {
    const child = await startChild(workflowType, { workflowId, args, memo: { runId }, parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
    await child.result();
  } catch (err) {
    // The pipeline itself was cancelled: stop here. A step cancelled on its own is just a step that did not succeed.
    if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      await runs.discardQueuedRun({ runId });
      followed = (await pipeline.activeRunOf({ workflowId })) ?? runId;
      for (;;) {
        const outcome = await pipeline.runOutcome({ runId: followed });
        if (!['queued', 'running', 'paused'].includes(outcome.status)) break;
        await sleep(JOIN_POLL_MS);
      }
    } else if (!(err instanceof ChildWorkflowFailure) && !isCancellation(err)) {
      throw err;
    }
  }
  const outcome = await pipeline.runOutcome({ runId: followed });
  const status = outcome.status === 'succeeded' ? 'succeeded' : outcome.status === 'cancelled' ? 'cancelled' : 'failed';
  return { runId: followed, outcome: { status, error: outcome.error, changed: outcome.changed } };
}

/** Runs `work` over the items, at most `limit` at a time (deterministic: items are taken in order). */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/**
 * The ordered pipeline of a connection, as DESIGN.md states it: CRM Administration sync →
 * list-maintenance programs → list syncs (pull, then push; several side by side) → refreshes of
 * the segments of the synced lists. A failed step stops only what depends on it: a failed list
 * sync leaves other lists syncing but its segments are not refreshed from half-synced data. The
 * run document records the DAG and every step's status and run.
 */
export async function syncPipeline(input: SyncPipelineInput): Promise<{ runId: string; steps: PipelineStep[] }> {
  const { connectionId, runId } = input;
  const steps: PipelineStep[] = [];
  const record = () => pipeline.recordPipelineSteps({ runId, steps });
  const step = (id: string) => steps.find((s) => s.id === id) as PipelineStep;
  /** Steps a retry does not redo: they finished in the run it retries, so what depends on them may go ahead. */
  const carriedOver = new Set<string>();
  const done = (s: PipelineStep) => s.status === 'succeeded' || carriedOver.has(s.id);

  async function execute(s: PipelineStep, workflowType: string, workflowId: string, stepRunId: string, args: unknown[]): Promise<void> {
    s.status = 'running';
    s.runId = stepRunId;
    await record();
    const { runId: followed, outcome } = await runStep(workflowType, workflowId, stepRunId, args);
    s.runId = followed;
    s.status = outcome.status === 'succeeded' ? 'succeeded' : 'failed';
    if (outcome.error) s.note = outcome.error;
    await record();
  }

  try {
    await runs.markRunRunning(runId);
    const plan = await pipeline.planPipeline({ connectionId });
    steps.push({ id: 'crm-admin-sync', kind: 'crm-admin-sync', label: 'CRM Administration sync', dependsOn: [], status: 'pending' });
    // Programs write the values (scores) their list's sync pushes: each list sync waits for its list's programs.
    for (const p of plan.programs) steps.push({ id: `program:${p.id}`, kind: 'list-maintenance', label: `Program: ${p.name}`, dependsOn: ['crm-admin-sync'], status: 'pending' });
    for (const l of plan.lists) {
      const programs = plan.programs.filter((p) => p.listId === l.id).map((p) => `program:${p.id}`);
      steps.push({ id: `list:${l.id}`, kind: 'list-sync', label: `List sync: ${l.name}`, dependsOn: programs.length ? programs : ['crm-admin-sync'], status: 'pending' });
    }
    for (const g of plan.segments) steps.push({ id: `segment:${g.id}`, kind: 'segment-refresh', label: `Segment refresh: ${g.name}`, dependsOn: [`list:${g.listId}`], status: 'pending' });
    if (input.onlySteps) {
      const only = new Set(input.onlySteps);
      for (const s of steps) {
        if (only.has(s.id)) continue;
        carriedOver.add(s.id);
        Object.assign(s, { status: 'skipped', note: 'finished in the run this one retries' });
      }
    }
    await record();

    const admin = step('crm-admin-sync');
    if (admin.status === 'pending') {
      const adminRunId = await pipeline.preparePipelineStepRun({ pipelineRunId: runId, connectionId, kind: 'crm-admin-sync', mode: input.mode });
      await execute(admin, 'crmAdminSync', crmAdminSyncWorkflowId(connectionId), adminRunId, [{ connectionId, runId: adminRunId, mode: input.mode ?? 'incremental' }]);
    }

    // Programs of different lists are independent; those of one list run one after the other, in name order.
    for (const s of steps.filter((x) => x.kind === 'list-maintenance' && x.status === 'pending')) {
      if (!done(admin)) {
        Object.assign(s, { status: 'blocked', note: 'the CRM Administration sync did not succeed' });
        continue;
      }
      const programId = s.id.slice('program:'.length);
      const programRunId = await pipeline.preparePipelineProgramRun({ pipelineRunId: runId, programId });
      await execute(s, 'listMaintenance', listMaintenanceWorkflowId(programId), programRunId, [{ programId, runId: programRunId }]);
    }
    await record();

    const listSteps = steps.filter((s) => s.kind === 'list-sync' && s.status === 'pending');
    await inPool(listSteps, input.listConcurrency ?? DEFAULT_LIST_CONCURRENCY, async (s) => {
      const unmet = s.dependsOn.map(step).find((d) => !done(d));
      if (unmet) {
        Object.assign(s, { status: 'blocked', note: `${unmet.label} did not succeed: the list is not synced from stale or half-maintained data` });
        return;
      }
      const listId = s.id.slice('list:'.length);
      const listRunId = await pipeline.preparePipelineStepRun({ pipelineRunId: runId, connectionId, kind: 'list-sync', listId });
      await execute(s, 'listSync', listSyncWorkflowId(listId), listRunId, [{ listId, runId: listRunId, mode: 'sync', crmDataFresh: true }]);
    });
    await record();

    // Every segment of a synced list is refreshed: a segment also reads CRM data (accounts,
    // opportunities) that the admin sync may have changed even when the list's membership did not.
    for (const s of steps.filter((x) => x.kind === 'segment-refresh' && x.status === 'pending')) {
      const listStep = step(s.dependsOn[0]);
      if (!done(listStep)) {
        Object.assign(s, { status: 'blocked', note: `${listStep.label} did not succeed: not refreshed from half-synced data` });
        continue;
      }
      const segmentId = s.id.slice('segment:'.length);
      const segmentRunId = await segments.prepareSegmentRefreshRun({ segmentId, trigger: 'pipeline' });
      await execute(s, 'segmentRefresh', segmentRefreshChildWorkflowId(segmentId), segmentRunId, [{ segmentId, runId: segmentRunId }]);
    }
    await record();

    const failed = steps.filter((s) => s.status === 'failed');
    const blocked = steps.filter((s) => s.status === 'blocked');
    if (failed.length + blocked.length > 0) {
      const summary = `${failed.map((s) => `${s.label} failed${s.note ? `: ${s.note}` : ''}`).join('; ')}${blocked.length ? ` (${blocked.length} dependent step${blocked.length === 1 ? '' : 's'} not run)` : ''}`;
      await runs.markRunFailed(runId, summary, 'PipelineStepFailed');
      throw ApplicationFailure.create({ type: 'PipelineStepFailed', message: summary, nonRetryable: true });
    }
    await runs.markRunSucceeded(runId);
    return { runId, steps };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        for (const s of steps) if (s.status === 'pending' || s.status === 'running') Object.assign(s, { status: s.status === 'running' ? 'failed' : 'blocked', note: 'the pipeline was cancelled' });
        await record();
        await runs.markRunCancelled(runId);
      });
    } else if (!(err instanceof ApplicationFailure && err.type === 'PipelineStepFailed')) {
      await runs.markRunFailed(runId, describeFailure(err));
    }
    throw err;
  }
}
