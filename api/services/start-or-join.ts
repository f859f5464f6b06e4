import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { takesFollowUps } from '../../contract/follow-ups';
import { HttpError } from '../http-errors';
import { ACTIVE_RUN_STATUSES, discardQueuedRun, hasStartedReading, isActiveRunStatus, requestFollowUp } from '../../domain/runs';
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
  models: Pick<Models, 'Run' | 'RunFollowUp'>;
}

/** What a trigger got: a run of its own, the run it joined, or the follow-up run queued behind the running one. */
export interface StartOrJoinResult {
  runId: string;
  /** True when the run in progress had not started reading yet: it sees everything the trigger saw. */
  joined: boolean;
  /** The run in progress that `runId` is queued behind: it started reading before the trigger, so one more run follows it. */
  queuedBehind?: string;
}

/** One look at the running work: done, or `ending` when the running run has closed its follow-up slot and is about to close. */
type Attempt = StartOrJoinResult | { ending: true; runId: string };

/** Attempts before giving up when the running workflow keeps finishing between our start and our look. */
const ATTEMPTS = 3;
/** How long a trigger waits, at most, for a run that has just finished to close its execution (30 s). */
const ENDING_RUN_WAITS = 300;
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
 * only the workflow knows which of them won). Work that takes follow-ups joins the running run only
 * while it has not started reading; after that the trigger is queued behind it (domain/runs/follow-up.ts).
 */
async function startOnce<N extends WorkflowName>(deps: StartOrJoinDeps, request: StartOrJoinRequest<N>): Promise<Attempt> {
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
      if (running.status.name === 'RUNNING' && typeof runId === 'string') return joinOrQueue(deps, request, runId);
      if (attempt >= ATTEMPTS) throw err;
    }
  }
}

async function joinOrQueue<N extends WorkflowName>(deps: StartOrJoinDeps, request: StartOrJoinRequest<N>, runningRunId: string): Promise<Attempt> {
  const workflowType: string = request.workflowType;
  if (!takesFollowUps(workflowType) || !(await hasStartedReading(deps.models, runningRunId))) return { runId: runningRunId, joined: true };
  // A run already finished is closing its execution: wait for that and start anew.
  if (await isFinished(deps.models, runningRunId)) return { ending: true, runId: runningRunId };
  const queued = await requestFollowUp(deps.models, { runningRunId, followUpRunId: request.runId, workflowType, input: request.args[0] });
  return queued.queued ? { runId: queued.followUpRunId, joined: false, queuedBehind: runningRunId } : { ending: true, runId: runningRunId };
}

/**
 * Starts the workflow of a prepared run document, joins the run of the same work in progress, or
 * queues one follow-up behind it; the prepared document is removed when it was not used (joined, the
 * follow-up slot already taken, or the start failed).
 *
 * A workflow marks its run finished (and closes its follow-up slot) a moment before its execution
 * closes: a trigger in that moment waits for the close and starts anew.
 */
export async function startOrJoin<N extends WorkflowName>(deps: StartOrJoinDeps, request: StartOrJoinRequest<N>): Promise<StartOrJoinResult> {
  try {
    let attempt = await startOnce(deps, request);
    for (let wait = 0; wait < ENDING_RUN_WAITS && mustWait(attempt) && (('ending' in attempt) || (await isFinished(deps.models, attempt.runId))); wait++) {
      await new Promise((resolve) => setTimeout(resolve, FINISHED_RUN_WAIT_MS));
      attempt = await startOnce(deps, request);
    }
    if ('ending' in attempt) throw new RunEndingError(attempt.runId);
    if (attempt.runId !== request.runId) await discardQueuedRun(deps.models, request.runId);
    return attempt;
  } catch (err) {
    await discardQueuedRun(deps.models, request.runId);
    throw err;
  }
}

/** A joined run that is already over, or a run ending with its follow-up slot closed: the trigger waits for its execution to close. */
function mustWait(attempt: Attempt): boolean {
  return 'ending' in attempt || attempt.joined;
}

/** The running work kept ending without closing its execution: the trigger cannot promise a fresh run (409). */
export class RunEndingError extends HttpError {
  override name = 'RunEndingError';
  constructor(runId: string) {
    super(409, `run ${runId} is finishing but its workflow has not closed yet; trigger again in a moment`);
  }
}
