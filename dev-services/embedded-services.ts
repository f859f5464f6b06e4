import path from 'node:path';
import type { Log } from './go-build';
import { startFerretDb, type FerretDbServer } from './ferretdb-server';
import { ensurePrivateDir } from './paths';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';
import { ensureTools } from './tools';

export interface EmbeddedServices {
  temporalAddress: string;
  temporalUiUrl?: string;
  /** Full MongoDB URI including the database. */
  mongoUri: string;
  /** What was started here (empty when both servers are external). */
  started: { temporal?: TemporalDevServer; ferretdb?: FerretDbServer };
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
}

/**
 * Uses TEMPORAL_ADDRESS / MONGODB_URI when set (production, or an existing dev setup) and
 * starts nothing for them; otherwise builds (once) and starts the Temporal dev server and FerretDB.
 */
export async function startEmbeddedServices(options: EmbeddedServicesOptions): Promise<EmbeddedServices> {
  const tools = await ensureTools(options.log);
  ensurePrivateDir(options.dataDir);
  const started: EmbeddedServices['started'] = {};
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
      started.ferretdb = await startFerretDb({ binary: tools.ferretdb, dataDir: path.join(options.dataDir, 'mongo'), port: options.mongoPort });
    }
  } catch (err) {
    await Promise.all([started.temporal?.stop(), started.ferretdb?.stop()]);
    throw err;
  }
  return {
    temporalAddress: started.temporal?.address ?? (process.env.TEMPORAL_ADDRESS as string),
    temporalUiUrl: started.temporal?.uiUrl ?? process.env.TEMPORAL_UI_URL,
    mongoUri: started.ferretdb ? `${started.ferretdb.uri}${options.database ?? 'crm_sync'}` : (process.env.MONGODB_URI as string),
    started,
    async stop() {
      await Promise.all([started.temporal?.stop(), started.ferretdb?.stop()]);
    },
  };
}
