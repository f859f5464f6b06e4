import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Models } from '../../domain/models';
import { harnessValue } from './harness-env';

/**
 * A worker as a separate OS process, started the way production starts one (configuration from
 * the environment, secrets sealed with CRM_SYNC_SECRET_KEY), so a test can SIGKILL it mid-activity
 * and read everything it logged.
 */
export interface WorkerProcess {
  readonly pid: number;
  readonly taskQueue: string;
  /** Everything the process has written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGKILL unless told) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface WorkerProcessOptions {
  taskQueue: string;
  /** The test's own database, e.g. from `databaseUriOf(models)`. */
  mongoUri: string;
  /** The 32-byte key the test sealed its connections' secrets with. */
  secretKey: Buffer;
  /** How long to wait for the worker to poll (it reads nothing slow: the workflow bundle is prebuilt). */
  readyTimeoutMs?: number;
  /** A Temporal server of the test's own (default: the test run's shared one). */
  temporalAddress?: string;
}

/** Printed by worker-process-main.ts once the worker polls its task queue. */
export const WORKER_READY_LINE = 'test worker polling task queue';

const REPO_ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join('test', 'harness', 'worker-process-main.ts');
const running = new Set<ChildProcess>();

// Whatever happens to the test (a failed assertion, a timeout, Ctrl-C), no worker outlives jest.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The URI of the database `models` is connected to, on the test run's shared server. */
export function databaseUriOf(models: Pick<Models, 'db'>): string {
  const server = harnessValue('mongoServerUri');
  const name = models.db.name;
  return server.endsWith('/') ? `${server}${name}` : server.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}

/** Starts `node scripts/run-ts.js test/harness/worker-process-main.ts` and waits until it polls. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: options.temporalAddress ?? harnessValue('temporalAddress'),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    MONGODB_URI: options.mongoUri,
    CRM_SYNC_SECRET_KEY: options.secretKey.toString('base64'),
  };
  const child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(WORKER_READY_LINE)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`worker process exited (${signal ?? code}) before it polled:\n${output}`)));
    child.once('error', reject);
  });
  // Once the worker polls, its later exit is reported through `exited`, not as a failed start.
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`worker process did not poll within ${timeoutMs} ms:\n${output}`)), timeoutMs);
  });
  try {
    await Promise.race([ready, timedOut]);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return {
    pid: child.pid ?? -1,
    taskQueue: options.taskQueue,
    output: () => output,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Kills every worker process this file started that is still running (for afterAll). */
export async function killAllWorkerProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
