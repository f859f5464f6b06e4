import { killAllWorkerProcesses, startWorkerProcess as spawnWorkerProcess, type WorkerProcess } from '../../dev-services/worker-process';
import type { Models } from '../../domain/models';
import { harnessValue } from './harness-env';

export { killAllWorkerProcesses, type WorkerProcess };

export interface WorkerProcessOptions {
  taskQueue: string;
  /** The test's own database, e.g. from `databaseUriOf(models)`. */
  mongoUri: string;
  /** The 32-byte key the test sealed its connections' secrets with. */
  secretKey: Buffer;
  readyTimeoutMs?: number;
  /** A Temporal server of the test's own (default: the test run's shared one). */
  temporalAddress?: string;
  /** Extra settings, e.g. CRM_SYNC_WORKER_METRICS_ADDRESS. */
  env?: NodeJS.ProcessEnv;
}

/** A worker process (dev-services/worker-process.ts) on the workflow bundle global setup built once. */
export function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  return spawnWorkerProcess({
    ...options,
    temporalAddress: options.temporalAddress ?? harnessValue('temporalAddress'),
    workflowBundlePath: harnessValue('workflowBundle'),
    nodeEnv: 'test',
  });
}

/** The URI of the database `models` is connected to, on the test run's shared server. */
export function databaseUriOf(models: Pick<Models, 'db'>): string {
  const server = harnessValue('mongoServerUri');
  const name = models.db.name;
  return server.endsWith('/') ? `${server}${name}` : server.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}
