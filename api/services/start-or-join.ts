import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

export interface StartOrJoinRequest {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  /** The run document prepared for this start; it travels in the workflow's memo. */
  runId: string;
}

/** Attempts before giving up when the running workflow keeps finishing between our start and our look. */
const ATTEMPTS = 3;

/**
 * Starts the workflow, or, when one with the same id is running, answers that one's run id (read
 * from its memo, not guessed from the run documents: simultaneous triggers each prepare a document
 * and only the workflow knows which of them won). `joined` tells the caller to discard its own.
 */
export async function startOrJoin(
  temporal: Client,
  request: StartOrJoinRequest,
  /** For workflows started without the memo (older executions): the caller's best guess from its run documents. */
  fallbackRunId?: () => Promise<string | undefined>,
): Promise<{ runId: string; joined: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await temporal.workflow.start(request.workflowType, {
        taskQueue: request.taskQueue,
        workflowId: request.workflowId,
        args: request.args,
        memo: { runId: request.runId },
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { runId: request.runId, joined: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const running = await temporal.workflow.getHandle(request.workflowId).describe();
      const runId = running.memo?.runId ?? (running.status.name === 'RUNNING' ? await fallbackRunId?.() : undefined);
      if (running.status.name === 'RUNNING' && typeof runId === 'string') return { runId, joined: true };
      if (attempt >= ATTEMPTS) throw err;
    }
  }
}
