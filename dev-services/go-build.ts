import { spawn, spawnSync } from 'node:child_process';

export type Log = (line: string) => void;

/** Fails with an instruction, not a stack trace, when Go is not installed. */
export function requireGo(forWhat: string): void {
  const probe = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `Go (1.22 or newer) is needed to build ${forWhat} once. Install it (Debian: apt-get install golang-go, ` +
        `or the official tarball) and run again, or point ${forWhat === 'the Temporal CLI' ? 'TEMPORAL_CLI_PATH' : 'FERRETDB_PATH'} at a binary you already have.`,
    );
  }
}

/** Runs a go command; `-v` lines are counted into a progress line so a minutes-long build is visibly alive. */
export function runGo(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; label: string; log: Log }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let packages = 0;
    let tail: string[] = [];
    const started = Date.now();
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail = [...tail.slice(-20), line];
        packages += 1;
        if (packages % 100 === 0) {
          opts.log(`  ${opts.label}: ${packages} packages done, ${Math.round((Date.now() - started) / 1000)} s`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`go ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}
