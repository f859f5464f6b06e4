/**
 * A crm-sync worker as a separate OS process (worker/run-prebuilt-bundle-worker.ts), started the
 * way production starts one: configuration from the environment, secrets sealed with
 * CRM_SYNC_SECRET_KEY. Tests SIGKILL it mid-activity and read what it logged; the benchmark
 * measures its memory apart from the runner's, which holds the emulator's whole org.
 *
 *   const worker = await startWorkerProcess({ temporalAddress, workflowBundlePath, taskQueue, mongoUri, secretKey });
 *   worker.pid, worker.output(), await worker.exited
 *   worker.resetPeakRss(); worker.peakRssMb(); worker.currentRssMb()   // Linux /proc; NaN elsewhere
 *   await worker.stop()             // SIGTERM, graceful shutdown (SIGKILL after 30 s)
 *   await worker.kill('SIGKILL')
 *   await killAllWorkerProcesses()  // afterAll, or a runner's failure / Ctrl-C path
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WORKER_READY_LINE, WORKFLOW_BUNDLE_ENV } from '../worker/prebuilt-bundle-protocol';
import { repoRoot } from './paths';

export { WORKER_READY_LINE, WORKFLOW_BUNDLE_ENV };

export type WorkerExit = { code: number | null; signal: NodeJS.Signals | null };

export interface WorkerProcess {
  readonly pid: number;
  readonly taskQueue: string;
  /** What the process has written to stdout and stderr so far (its last million characters). */
  output(): string;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<WorkerExit>;
  /** Forgets the peak resident set so far, e.g. the start-up's. */
  resetPeakRss(): void;
  /** The highest resident set since start or the last reset (VmHWM); NaN once the process is gone. */
  peakRssMb(): number;
  currentRssMb(): number;
  /** SIGTERM, so the worker finishes its tasks (within CRM_SYNC_SHUTDOWN_GRACE_SECONDS) and closes its connections; SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** Sends the signal (SIGKILL unless told) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface WorkerProcessOptions {
  temporalAddress: string;
  /** A bundle built once per run with bundleWorkflowCode. */
  workflowBundlePath: string;
  taskQueue: string;
  /** The caller's own database. */
  mongoUri: string;
  /** The 32-byte key the caller sealed its connections' secrets with. */
  secretKey: Buffer;
  nodeEnv?: 'test' | 'production';
  /** How long to wait for the worker to poll (default 60 s; a loaded machine needs more than one). */
  readyTimeoutMs?: number;
  /** Extra environment, e.g. NODE_OPTIONS for an experiment. */
  env?: NodeJS.ProcessEnv;
}

const ENTRY = path.join('worker', 'run-prebuilt-bundle-worker.ts');
// A test's whole log fits many times over; a million-record benchmark run logs more than the runner should hold.
const OUTPUT_KEPT_CHARS = 1_000_000;
const running = new Set<ChildProcess>();

// Whatever happens to the caller (a failed assertion, a timeout, Ctrl-C), no worker outlives it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A field of /proc/<pid>/status in MB (the kernel reports kB); NaN once the process is gone. */
function readStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Starts `node scripts/run-ts.js worker/run-prebuilt-bundle-worker.ts` and waits until it polls. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: options.nodeEnv ?? 'production',
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    MONGODB_URI: options.mongoUri,
    CRM_SYNC_SECRET_KEY: options.secretKey.toString('base64'),
    [WORKFLOW_BUNDLE_ENV]: options.workflowBundlePath,
  };
  const child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), ENTRY], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const pid = child.pid ?? -1;
  let output = '';
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let polled = false;
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Trimming only at twice the limit keeps a chatty worker from costing the caller a copy per chunk.
      if (output.length > 2 * OUTPUT_KEPT_CHARS) output = output.slice(-OUTPUT_KEPT_CHARS);
      if (!polled && output.includes(WORKER_READY_LINE)) {
        polled = true;
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`worker process exited (${signal ?? code}) before it polled:\n${output}`)));
    child.once('error', reject);
  });
  // Once the worker polls, its later exit is reported through `exited`, not as a failed start.
  ready.catch(() => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
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
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    taskQueue: options.taskQueue,
    output: () => output.slice(-OUTPUT_KEPT_CHARS),
    exited,
    resetPeakRss() {
      // "5" resets the peak resident set size to the current one (Linux 4.0+).
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        /* not Linux, or not allowed: the peak then includes start-up */
      }
    },
    peakRssMb: () => readStatusMb(pid, 'VmHWM'),
    currentRssMb: () => readStatusMb(pid, 'VmRSS'),
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(forced);
    },
    async kill(signal = 'SIGKILL') {
      if (alive()) child.kill(signal);
      await exited;
    },
  };
}

/** SIGKILLs every worker process this module started that is still running. */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
