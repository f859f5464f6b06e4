/**
 * A crm-sync worker as a separate OS process, so the benchmark measures a worker's own memory
 * (not the runner's, which holds the emulator's whole org) and so it runs the way production runs.
 *
 * API:
 *   const worker = await startBenchWorker({ services, taskQueue, mongoUri, secretKey });
 *   worker.pid, worker.output()
 *   worker.resetPeakRss()     // forget the start-up peak (Linux: /proc/<pid>/clear_refs)
 *   worker.peakRssMb()        // VmHWM from /proc/<pid>/status: the highest resident set so far
 *   worker.currentRssMb()     // VmRSS
 *   await worker.stop()       // SIGTERM, graceful shutdown (SIGKILL after 10 s)
 *   await worker.kill()       // SIGKILL
 *   await stopAllBenchWorkers()  // for the runner's failure / Ctrl-C path
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchServices } from './scenario';

export const BENCH_WORKER_READY_LINE = 'bench worker polling task queue';

export interface BenchWorker {
  readonly pid: number;
  readonly taskQueue: string;
  output(): string;
  peakRssMb(): number;
  currentRssMb(): number;
  resetPeakRss(): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface BenchWorkerOptions {
  services: Pick<BenchServices, 'temporalAddress' | 'workflowBundlePath'>;
  taskQueue: string;
  /** The scenario's own database URI (see databaseUri in ./services). */
  mongoUri: string;
  /** The 32-byte key the scenario sealed its connections' secrets with. */
  secretKey: Buffer;
  readyTimeoutMs?: number;
  /** Extra environment (e.g. NODE_OPTIONS) for experiments. */
  env?: NodeJS.ProcessEnv;
}

const REPO_ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join('bench', 'lib', 'worker-process-main.ts');
const running = new Set<ChildProcess>();

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

export async function startBenchWorker(options: BenchWorkerOptions): Promise<BenchWorker> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: options.services.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    MONGODB_URI: options.mongoUri,
    CRM_SYNC_SECRET_KEY: options.secretKey.toString('base64'),
    BENCH_WORKFLOW_BUNDLE: options.services.workflowBundlePath,
  };
  const child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const pid = child.pid ?? -1;
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // Keep the tail only: a million-record run logs enough to matter to the runner's memory.
      output = (output + chunk.toString('utf8')).slice(-200_000);
      if (output.includes(BENCH_WORKER_READY_LINE)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`bench worker exited (${signal ?? code}) before it polled:\n${output}`)));
    child.once('error', reject);
  });
  ready.catch(() => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench worker did not poll within ${timeoutMs} ms:\n${output}`)), timeoutMs);
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
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
    pid,
    taskQueue: options.taskQueue,
    output: () => output,
    exited,
    peakRssMb: () => readStatusMb(pid, 'VmHWM'),
    currentRssMb: () => readStatusMb(pid, 'VmRSS'),
    resetPeakRss() {
      // "5" resets the peak resident set size to the current one (Linux 4.0+); harmless elsewhere.
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        /* not Linux, or not allowed: the peak then includes start-up */
      }
    },
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function stopAllBenchWorkers(): Promise<void> {
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
