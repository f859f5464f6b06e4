import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { findFreePort } from './free-port';
import { spawnManaged, waitUntilHealthy, type ManagedProcess } from './managed-process';
import { startIdIndexKeeper } from './ferretdb-id-index';

export interface FerretDbServer {
  /** A MongoDB connection string without a database name; callers append their own. */
  uri: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Where FerretDB keeps the documents: SQLite files in its folder, or a PostgreSQL database. */
export type FerretDbStorage = { backend: 'sqlite' } | { backend: 'postgresql'; url: string };

export interface FerretDbOptions {
  binary: string;
  dataDir: string;
  port?: number;
  /** Default SQLite, so callers that name nothing get what they always got. */
  storage?: FerretDbStorage;
}

/** FerretDB v1 on loopback: the MongoDB wire protocol without a mongod, on SQLite or PostgreSQL. */
export async function startFerretDb(options: FerretDbOptions): Promise<FerretDbServer> {
  const storage = options.storage ?? { backend: 'sqlite' };
  fs.mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  const debugPort = await findFreePort();
  const logFile = path.join(options.dataDir, 'ferretdb.log');
  const sqliteDir = path.join(options.dataDir, 'ferretdb');
  if (storage.backend === 'sqlite') fs.mkdirSync(sqliteDir, { recursive: true });
  const args = [
    ...(storage.backend === 'sqlite'
      ? [
          '--handler=sqlite',
          // FerretDB's own defaults (busy timeout, WAL) plus synchronous=NORMAL, SQLite's recommended
          // setting for WAL: a commit no longer waits for an fsync of the log (measured side by side:
          // an update by _id 3.7 -> 1.7 ms). A crashed process loses nothing and the file cannot be
          // corrupted; a power cut may lose the last commits, which an embedded dev/test store accepts.
          `--sqlite-url=file:${sqliteDir}/?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)`,
        ]
      : ['--handler=postgresql']),
    `--listen-addr=127.0.0.1:${port}`,
    `--debug-addr=127.0.0.1:${debugPort}`,
    `--state-dir=${options.dataDir}`,
    '--telemetry=disable',
    '--log-level=warn',
  ];
  // The PostgreSQL URL carries a password: through the environment it stays out of process lists.
  const env = storage.backend === 'postgresql' ? { ...process.env, FERRETDB_POSTGRESQL_URL: storage.url } : process.env;
  const proc = spawnManaged({ name: 'FerretDB', command: options.binary, args, logFile, env });
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitUntilHealthy(
    proc,
    async () => {
      const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 1000, directConnection: true });
      try {
        await client.db('admin').command({ ping: 1 });
      } finally {
        await client.close();
      }
    },
    { timeoutMs: 30_000, logFile },
  );
  // Only SQLite tables lack an index on FerretDB's own `_id` expression; PostgreSQL's are FerretDB's own.
  const keeper = storage.backend === 'sqlite' ? startIdIndexKeeper(sqliteDir, path.join(options.dataDir, 'ferretdb-id-index.log')) : undefined;
  return {
    uri,
    process: proc,
    async stop() {
      await Promise.all([keeper?.stop(), proc.stop()]);
    },
  };
}
