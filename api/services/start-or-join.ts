import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { ACTIVE_RUN_STATUSES, discardQueuedRun, isActiveRunStatus } from '../../domain/runs';
// Types only: the API starts workflows by their registered name, and the compiler holds the name to
// an exported workflow and the arguments to its parameters; no workflow code is loaded here.
import type * as workflows from '../../workflows';

type Workflows = typeof workflows;
/** A workflow type the worker registers (the exports of workflows/index.ts). */
export type WorkflowName = keyof Workflows;

export interface StartOrJoinRequest<N extends WorkflowName> {
  workflowType: N;
  workflowId: string;
  taskQueue: string;
  args: Parameters<Workflows[N]>;
  /** The run document prepared for this start; it travels in the workflow's memo. */
  runId: string;
}

export interface StartOrJoinDeps {
  temporal: Client;
  models: Pick<Models, 'Run'>;
}

/** Attempts before giving up when the running workflow keeps finishing between our start and our look. */
const ATTEMPTS = 3;
/** How long a trigger waits, at most, for a run that has just finished to close its execution. */
const FINISHED_RUN_WAITS = 20;
const FINISHED_RUN_WAIT_MS = 100;

/** For executions started without the memo: the oldest other active run document of the same work. */
async function activeRunOf(models: Pick<Models, 'Run'>, request: { workflowId: string; runId: string }): Promise<string | undefined> {
  const active = await models.Run.findOne({ workflowId: request.workflowId, status: { $in: ACTIVE_RUN_STATUSES }, _id: { $ne: request.runId } }, { _id: 1 }).sort({ createdAt: 1 }).lean();
  return active ? String(active._id) : undefined;
}

async function isFinished(models: Pick<Models, 'Run'>, runId: string): Promise<boolean> {
  const run = await models.Run.findById(runId, { status: 1 }).lean();
  return !!run && !isActiveRunStatus(run.status);
}

/**
 * One start: the workflow, or, when one with the same id is running, that one's run id (read from
 * its memo, not guessed from the run documents: simultaneous triggers each prepare a document and
 * only the workflow knows which of them won).
 */
async function startOnce<N extends WorkflowName>(deps: StartOrJoinDeps, request: StartOrJoinRequest<N>): Promise<{ runId: string; joined: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The request's type ties the arguments to the named workflow; TypeScript cannot carry that
      // tie through the SDK's conditional option types for a generic N, so the start sees a list.
      const args: unknown[] = request.args;
      await deps.temporal.workflow.start(request.workflowType, {
        taskQueue: request.taskQueue,
        workflowId: request.workflowId,
        args,
        memo: { runId: request.runId },
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { runId: request.runId, joined: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const running = await deps.temporal.workflow.getHandle(request.workflowId).describe();
      const runId = running.memo?.runId ?? (running.status.name === 'RUNNING' ? await activeRunOf(deps.models, request) : undefined);
      if (running.status.name === 'RUNNING' && typeof runId === 'string') return { runId, joined: true };
      if (attempt >= ATTEMPTS) throw err;
    }
  }
}

/**
 * Starts the workflow of a prepared run document, or joins the run of the same work in progress;
 * the prepared document is removed when it was not used (joined, or the start failed).
 *
 * A workflow marks its run finished a moment before its execution closes: a trigger in that moment
 * would join a run that is already over, so it waits for the close and starts anew.
 */
export async function startOrJoin<N extends WorkflowName>(deps: StartOrJoinDeps, request: StartOrJoinRequest<N>): Promise<{ runId: string; joined: boolean }> {
  try {
    let started = await startOnce(deps, request);
    for (let wait = 0; started.joined && wait < FINISHED_RUN_WAITS && (await isFinished(deps.models, started.runId)); wait++) {
      await new Promise((resolve) => setTimeout(resolve, FINISHED_RUN_WAIT_MS));
      started = await startOnce(deps, request);
    }
    if (started.joined) await discardQueuedRun(deps.models, request.runId);
    return started;
  } catch (err) {
    await discardQueuedRun(deps.models, request.runId);
    throw err;
  }
}
