import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { logActivityDomainIds } from './log-context-interceptor';
import { handOverActivitiesOnShutdown } from './shutdown-hand-over-interceptor';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests build it once per run); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** How long running activities may go on after shutdown() before they are cancelled (CRM_SYNC_SHUTDOWN_GRACE_SECONDS). */
  shutdownGraceSeconds?: number;
}

/** Past the grace time, what cancelled activities get to write their last checkpoint and return. */
const SHUTDOWN_FORCE_AFTER_GRACE_MS = 10_000;

/** Where the workflow bundle's entry lives: the .ts source under ts tooling, the .js file after a build. */
export function workflowsEntryPath(): string {
  return require.resolve('../workflows');
}

export async function createWorker(settings: WorkerSettings, deps: ActivityDeps): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = settings.workflowBundlePath
    ? { workflowBundle: { codePath: settings.workflowBundlePath } }
    : { workflowsPath: workflowsEntryPath() };
  // Without a grace time (in-process test workers) the SDK's defaults stay: cancel at once, wait as long as it takes.
  const shutdown: Pick<WorkerOptions, 'shutdownGraceTime' | 'shutdownForceTime'> =
    settings.shutdownGraceSeconds === undefined
      ? {}
      : { shutdownGraceTime: settings.shutdownGraceSeconds * 1000, shutdownForceTime: settings.shutdownGraceSeconds * 1000 + SHUTDOWN_FORCE_AFTER_GRACE_MS };
  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    ...workflowSource,
    activities: createActivities(deps),
    interceptors: { activity: [logActivityDomainIds, handOverActivitiesOnShutdown] },
    // Short activities finish within the grace time; a paging activity still running is cancelled
    // then, fails its attempt at its last stored page, and Temporal retries it on another worker at
    // once instead of after a heartbeat timeout. An activity that ignores cancellation cannot hold
    // the process past the force time: run() then rejects and the process exits non-zero.
    ...shutdown,
  });
}
