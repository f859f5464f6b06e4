import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../domain/config';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { createLogger, type Logger } from '../domain/logging/logger';
import { connectModels, type Models } from '../domain/models';
import { createSecretBox, deriveSubkey } from '../domain/secrets/secret-box';
import { loadStoredSecretKey } from '../domain/secrets/stored-secret-key';
import { createApp } from './app';
import { drainServer } from './drain-server';
import { temporalConnectionOptions } from '../domain/temporal-connection';

export interface RunningApi {
  url: string;
  models: Models;
  temporal: Client;
  /** The API's JSON-lines logger (server errors, readiness failures). */
  logger: Logger;
  /**
   * Graceful stop: `/readyz` answers 503, no new connections, requests in flight get the grace time
   * (CRM_SYNC_SHUTDOWN_GRACE_SECONDS) to finish, then the Temporal and database connections close.
   */
  stop(): Promise<{ cutOff: boolean }>;
}

/** The API's composition root: one database connection and one Temporal connection for the process. */
export async function serveApi(config: AppConfig): Promise<RunningApi> {
  const logger = createLogger({ level: config.log.level, component: 'api' });
  const models = await connectModels(config.mongoUri, (line) => logger.warn(line));
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const key = await loadStoredSecretKey(config.secretKey, models);
  const box = createSecretBox(key);
  let stopping = false;
  const app = createApp({
    models,
    temporal,
    taskQueue: config.temporal.taskQueue,
    box,
    connectors: createConnectorFactory(models, box),
    sessionSecret: deriveSubkey(key, 'session-cookie'),
    temporalUiUrl: config.temporal.uiUrl,
    env: config.env,
    heavyReads: { atOnce: config.http.heavyReadsAtOnce },
    trustProxy: config.http.trustProxy,
    outboundHosts: config.outbound,
    isStopping: () => stopping,
    metricsToken: config.http.metricsToken,
    log: (line) => logger.error(line),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  return {
    url: `http://${config.http.host}:${port}`,
    models,
    temporal,
    logger,
    async stop() {
      stopping = true;
      const drained = await drainServer(server, config.shutdown.graceSeconds * 1000);
      await connection.close();
      await models.db.close();
      return drained;
    },
  };
}
