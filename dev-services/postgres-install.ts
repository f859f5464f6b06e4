import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from './go-build';

/** Debian installs each PostgreSQL major version's server programs here. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The version DESIGN.md names (Debian 12's); another installed major version is used when 15 is absent. */
const PREFERRED_MAJOR = '15';

function hasServer(binDir: string): boolean {
  return ['initdb', 'postgres', 'pg_isready', 'psql'].every((program) => fs.existsSync(path.join(binDir, program)));
}

function installedBinDir(): string | undefined {
  if (!fs.existsSync(DEBIAN_ROOT)) return undefined;
  const majors = fs
    .readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+$/.test(name) && hasServer(path.join(DEBIAN_ROOT, name, 'bin')))
    .sort((a, b) => Number(b) - Number(a));
  const major = majors.includes(PREFERRED_MAJOR) ? PREFERRED_MAJOR : majors[0];
  return major ? path.join(DEBIAN_ROOT, major, 'bin') : undefined;
}

/**
 * The folder holding PostgreSQL's server programs (initdb, postgres, pg_isready, psql):
 * $CRM_SYNC_POSTGRES_BIN, Debian's /usr/lib/postgresql/<major>/bin, or installed with apt-get
 * when running as root (idempotent: nothing is installed when it is there).
 */
export function ensurePostgres(log: Log): string {
  const explicit = process.env.CRM_SYNC_POSTGRES_BIN;
  if (explicit) {
    if (!hasServer(explicit)) throw new Error(`CRM_SYNC_POSTGRES_BIN points at ${explicit}, which lacks initdb, postgres, pg_isready or psql`);
    return explicit;
  }
  const installed = installedBinDir();
  if (installed) return installed;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    throw new Error(
      'The embedded database needs PostgreSQL: install Debian\'s "postgresql" package (apt-get install postgresql), ' +
        'set CRM_SYNC_POSTGRES_BIN to a folder with initdb and postgres, or set CRM_SYNC_DB_BACKEND=sqlite',
    );
  }
  log('Installing Debian\'s postgresql for the embedded database (first time only; about 30 s)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'postgresql']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
  const fresh = installedBinDir();
  if (!fresh) throw new Error(`apt-get installed postgresql, but no server programs were found under ${DEBIAN_ROOT}/<version>/bin`);
  return fresh;
}
