import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this account (the caller must be root), e.g. a server that refuses to run as root. */
  user?: { uid: number; gid: number };
  /** What `stop()` sends first (default SIGTERM); SIGKILL follows after 10 s either way. */
  stopSignal?: NodeJS.Signals;
}

const running = new Set<ChildProcess>();

// A crashed or Ctrl-C'd parent must not leave servers holding ports and data files.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a server process whose output goes to a log file, and that dies with its parent. */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.user?.uid,
    gid: options.user?.gid,
  });
  fs.closeSync(log);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      running.delete(child);
      resolve(null);
    });
  });
  return {
    name: options.name,
    pid: child.pid ?? -1,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(options.stopSignal ?? 'SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

/** Polls until `check` succeeds, the process exits, or the deadline passes; the error names the log file. */
export async function waitUntilHealthy(
  proc: ManagedProcess,
  check: () => Promise<void>,
  { timeoutMs, logFile }: { timeoutMs: number; logFile: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  // Only records the exit code for the polling loop below, which must not block on it.
  void proc.exited.then((code) => {
    exitCode = code;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${proc.name} exited with code ${exitCode} before it was healthy; see ${logFile}`);
    }
    try {
      await check();
      return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await proc.stop();
  throw new Error(`${proc.name} was not healthy after ${timeoutMs} ms (${String(lastError)}); see ${logFile}`);
}
