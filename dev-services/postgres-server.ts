import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './free-port';
import { spawnManaged, waitUntilHealthy, type ManagedProcess } from './managed-process';
import { GIN_TWINS_SQL } from './postgres-gin-indexes';
import { canUseFolder, prepareOwnedFolder, serverAccount, type Account } from './postgres-account';

const run = promisify(execFile);

/** The role initdb creates as the cluster's owner, and the database FerretDB keeps its schemas in. */
const ROLE = 'ferretdb';
const DATABASE = 'ferretdb';
/**
 * FerretDB v1.24 keeps each statement's read (and its pooled connection) open until the whole
 * `update` command ends, and needs one more connection to write: an unordered bulkWrite of 50
 * updates deadlocked its default pool of 50 for good. Its pool therefore gets room for several
 * concurrent bulk writes of domain/db/bulk-write.ts's chunk size, and the server room for the pool.
 */
const FERRETDB_POOL = 250;
const MAX_CONNECTIONS = FERRETDB_POOL + 50;

export interface PostgresServer {
  /** postgres://ferretdb:<password>@127.0.0.1:<port>/ferretdb: secret, pass it through the environment. */
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Where initdb, postgres, pg_isready and psql are (dev-services/postgres-install.ts). */
  binDir: string;
  /** The cluster's own folder (created, and owned by the server's account). */
  dataDir: string;
  port?: number;
  /**
   * `throwaway` (tests, benchmarks: the folder is deleted afterwards) turns fsync and full-page
   * writes off: a crashed server or a killed process loses nothing, only an operating-system crash
   * could corrupt the files, which nobody keeps. `kept` (npm start's .data/) only lets commits
   * return before their log is flushed: a power cut may lose the last commits, never the cluster.
   */
  durability: 'throwaway' | 'kept';
}

/**
 * A private PostgreSQL cluster for the embedded FerretDB, on loopback only: created by initdb on
 * first use, password-protected (the password is generated and kept beside the cluster, readable
 * only by whoever starts it), its unix socket inside its own folder.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const account = serverAccount();
  prepareOwnedFolder(options.dataDir, account);
  if (!canUseFolder(options.dataDir, account)) {
    throw new Error(
      `PostgreSQL runs as the "${account?.name}" account, which cannot reach ${options.dataDir}: a parent folder is closed to it. ` +
        'Set CRM_SYNC_DATA_DIR to a folder it can reach (e.g. under /var/tmp), or CRM_SYNC_DB_BACKEND=sqlite',
    );
  }
  const clusterDir = path.join(options.dataDir, 'cluster');
  const password = ensureCluster(options, clusterDir, account);
  const port = options.port ?? (await findFreePort());
  const logFile = path.join(options.dataDir, 'postgres.log');
  const proc = spawnManaged({
    name: 'PostgreSQL',
    command: path.join(options.binDir, 'postgres'),
    args: ['-D', clusterDir, ...settings(options, port).flatMap((setting) => ['-c', setting])],
    logFile,
    cwd: options.dataDir,
    user: account,
    // SIGINT is PostgreSQL's fast shutdown: it ends open sessions and checkpoints; SIGTERM would wait for every client to leave.
    stopSignal: 'SIGINT',
  });
  const env = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '2' };
  const client = ['-h', '127.0.0.1', '-p', String(port), '-U', ROLE];
  await waitUntilHealthy(proc, async () => void (await run(path.join(options.binDir, 'pg_isready'), [...client, '-d', 'postgres', '-q'], { env })), { timeoutMs: 60_000, logFile });
  const psql = (sql: string) => run(path.join(options.binDir, 'psql'), [...client, '-d', 'postgres', '-XAtq', '-c', sql], { env });
  if ((await psql(`SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`)).stdout.trim() !== '1') await psql(`CREATE DATABASE ${DATABASE}`);
  await run(path.join(options.binDir, 'psql'), [...client, '-d', DATABASE, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-f', GIN_TWINS_SQL], { env });
  return {
    url: `postgres://${ROLE}:${password}@127.0.0.1:${port}/${DATABASE}?pool_max_conns=${FERRETDB_POOL}`,
    port,
    process: proc,
    stop: () => proc.stop(),
  };
}

function settings(options: PostgresOptions, port: number): string[] {
  const common = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    `unix_socket_directories=${socketDirectory(options.dataDir)}`,
    'synchronous_commit=off',
    `max_connections=${MAX_CONNECTIONS}`,
    'log_min_messages=warning',
  ];
  return options.durability === 'throwaway' ? [...common, 'fsync=off', 'full_page_writes=off'] : common;
}

/** The kernel limits a unix socket's path to 107 bytes: a deeply nested folder gets TCP only (FerretDB uses TCP anyway). */
function socketDirectory(dataDir: string): string {
  return Buffer.byteLength(path.join(dataDir, '.s.PGSQL.65535')) <= 107 ? dataDir : '';
}

/** Runs initdb once (the cluster's PG_VERSION file says it ran); returns the owner role's password. */
function ensureCluster(options: PostgresOptions, clusterDir: string, account: Account | undefined): string {
  const { binDir, dataDir } = options;
  const passwordFile = path.join(dataDir, 'password');
  if (fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    if (!fs.existsSync(passwordFile)) throw new Error(`${clusterDir} exists but its password file ${passwordFile} is gone; delete ${dataDir} to start afresh`);
    return fs.readFileSync(passwordFile, 'utf8').trim();
  }
  fs.rmSync(clusterDir, { recursive: true, force: true });
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file, so it never appears in a process list; that file is the account's, and goes at once.
  const initdbPasswordFile = path.join(dataDir, 'initdb-password');
  fs.writeFileSync(initdbPasswordFile, `${password}\n`, { mode: 0o600 });
  if (account) fs.chownSync(initdbPasswordFile, account.uid, account.gid);
  try {
    const initdb = spawnSync(
      path.join(binDir, 'initdb'),
      ['-D', clusterDir, '-U', ROLE, `--pwfile=${initdbPasswordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', ...(options.durability === 'throwaway' ? ['--no-sync'] : [])],
      { cwd: dataDir, uid: account?.uid, gid: account?.gid, encoding: 'utf8' },
    );
    if (initdb.status !== 0) throw new Error(`initdb failed (exit ${initdb.status}):\n${initdb.stdout}${initdb.stderr}`);
  } finally {
    fs.rmSync(initdbPasswordFile, { force: true });
  }
  return password;
}
