import path from 'node:path';
import type { Log } from './go-build';
import { databaseBackend, type DatabaseBackend } from './database-backend';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';
import { ensurePrivateDir } from './paths';
import { letAccountPass, serverAccount } from './postgres-account';
import type { PostgresOptions } from './postgres-server';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';
import { ensureTools, neededTools } from './tools';

export interface EmbeddedServices {
  temporalAddress: string;
  temporalUiUrl?: string;
  /** Full MongoDB URI including the database. */
  mongoUri: string;
  /** The embedded FerretDB's storage; undefined when MONGODB_URI is used. */
  databaseBackend?: DatabaseBackend;
  /** What was started here (empty when both servers are external). */
  started: { temporal?: TemporalDevServer; database?: EmbeddedDatabase };
  stop(): Promise<void>;
}

export interface EmbeddedServicesOptions {
  dataDir: string;
  log: Log;
  temporalUi?: boolean;
  /** Fixed ports keep the addresses stable across `npm start` restarts; tests use free ports. */
  temporalPort?: number;
  temporalUiPort?: number;
  mongoPort?: number;
  /** Database name used on the embedded FerretDB; MONGODB_URI is used exactly as given. */
  database?: string;
  /** `throwaway` for folders deleted afterwards (tests, benchmarks); see dev-services/postgres-server.ts. */
  durability?: PostgresOptions['durability'];
  /** Overrides CRM_SYNC_DB_BACKEND (the benchmark compares both). */
  backend?: DatabaseBackend;
}

/**
 * Uses TEMPORAL_ADDRESS / MONGODB_URI when set (production, or an existing dev setup) and
 * starts nothing for them; otherwise builds (once) and starts the Temporal dev server and
 * FerretDB, on a private PostgreSQL cluster unless CRM_SYNC_DB_BACKEND=sqlite.
 */
export async function startEmbeddedServices(options: EmbeddedServicesOptions): Promise<EmbeddedServices> {
  const backend = options.backend ?? databaseBackend();
  const tools = await ensureTools(options.log, neededTools(backend));
  ensurePrivateDir(options.dataDir);
  // PostgreSQL runs as its own account, which must pass through our private folder to its cluster.
  if (tools.ferretdb && backend === 'postgresql') letAccountPass(options.dataDir, serverAccount());
  const started: EmbeddedServices['started'] = {};
  const stopAll = () => Promise.all([started.temporal?.stop(), started.database?.stop()]);
  try {
    if (tools.temporal) {
      started.temporal = await startTemporalDevServer({
        binary: tools.temporal,
        dataDir: path.join(options.dataDir, 'temporal'),
        port: options.temporalPort,
        uiPort: options.temporalUi ? (options.temporalUiPort ?? 'auto') : undefined,
      });
    }
    if (tools.ferretdb) {
      started.database = await startEmbeddedDatabase({
        backend,
        ferretdbBinary: tools.ferretdb,
        postgresBinDir: tools.postgres,
        dataDir: path.join(options.dataDir, 'mongo'),
        port: options.mongoPort,
        durability: options.durability ?? 'kept',
      });
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    temporalAddress: started.temporal?.address ?? (process.env.TEMPORAL_ADDRESS as string),
    temporalUiUrl: started.temporal?.uiUrl ?? process.env.TEMPORAL_UI_URL,
    mongoUri: started.database ? `${started.database.uri}${options.database ?? 'crm_sync'}` : (process.env.MONGODB_URI as string),
    databaseBackend: started.database?.backend,
    started,
    async stop() {
      await stopAll();
    },
  };
}
