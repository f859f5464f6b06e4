import path from 'node:path';
import type { DatabaseBackend } from './database-backend';
import { startFerretDb, type FerretDbServer } from './ferretdb-server';
import { startPostgres, type PostgresOptions, type PostgresServer } from './postgres-server';

export interface EmbeddedDatabase {
  backend: DatabaseBackend;
  /** A MongoDB connection string without a database name. */
  uri: string;
  ferretdb: FerretDbServer;
  postgres?: PostgresServer;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  backend: DatabaseBackend;
  ferretdbBinary: string;
  /** Needed for the PostgreSQL backend (dev-services/postgres-install.ts). */
  postgresBinDir?: string;
  /** FerretDB's folder; the PostgreSQL cluster gets `postgres/` beside it. */
  dataDir: string;
  port?: number;
  durability: PostgresOptions['durability'];
}

/** FerretDB on its storage: a private PostgreSQL cluster started first (and stopped last), or SQLite files. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (options.backend === 'sqlite') {
    // The SQLite files keep their old place (<dataDir>/ferretdb), so existing .data/ folders still open.
    const ferretdb = await startFerretDb({ binary: options.ferretdbBinary, dataDir: options.dataDir, port: options.port, storage: { backend: 'sqlite' } });
    return { backend: 'sqlite', uri: ferretdb.uri, ferretdb, stop: () => ferretdb.stop() };
  }
  if (!options.postgresBinDir) throw new Error('the PostgreSQL backend needs the folder of its server programs (postgresBinDir)');
  const postgres = await startPostgres({ binDir: options.postgresBinDir, dataDir: path.join(options.dataDir, 'postgres'), durability: options.durability });
  let ferretdb: FerretDbServer;
  try {
    ferretdb = await startFerretDb({ binary: options.ferretdbBinary, dataDir: path.join(options.dataDir, 'ferretdb-postgresql'), port: options.port, storage: { backend: 'postgresql', url: postgres.url } });
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  return {
    backend: 'postgresql',
    uri: ferretdb.uri,
    ferretdb,
    postgres,
    async stop() {
      // FerretDB first: PostgreSQL then shuts down with no client left to cut off mid-write.
      await ferretdb.stop();
      await postgres.stop();
    },
  };
}
