import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests build it once per run); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
}

/** Where the workflow bundle's entry lives: the .ts source under ts tooling, the .js file after a build. */
export function workflowsEntryPath(): string {
  return require.resolve('../workflows');
}

export async function createWorker(settings: WorkerSettings, deps: ActivityDeps): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = settings.workflowBundlePath
    ? { workflowBundle: { codePath: settings.workflowBundlePath } }
    : { workflowsPath: workflowsEntryPath() };
  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    ...workflowSource,
    activities: createActivities(deps),
  });
}
