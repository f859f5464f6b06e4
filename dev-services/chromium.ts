import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Log } from './go-build';

/** Debian's Chromium for the browser tests: $CHROMIUM_PATH, /usr/bin/chromium, or installed with apt-get (root). */
export function ensureChromium(log: Log): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`CHROMIUM_PATH points at ${explicit}, which does not exist`);
    return explicit;
  }
  const debian = '/usr/bin/chromium';
  if (fs.existsSync(debian)) return debian;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    throw new Error('The browser tests need Chromium: install Debian\'s "chromium" package (apt-get install chromium) or set CHROMIUM_PATH');
  }
  log('Installing Debian\'s chromium for the browser tests (first time only; about 30 s)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
  return debian;
}
