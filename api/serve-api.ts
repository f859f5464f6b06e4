import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../domain/config';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { connectModels, type Models } from '../domain/models';
import { createSecretBox, deriveSubkey } from '../domain/secrets/secret-box';
import { loadStoredSecretKey } from '../domain/secrets/stored-secret-key';
import { createApp } from './app';

export interface RunningApi {
  url: string;
  models: Models;
  temporal: Client;
  stop(): Promise<void>;
}

/** The API's composition root: one database connection and one Temporal connection for the process. */
export async function serveApi(config: AppConfig): Promise<RunningApi> {
  const models = await connectModels(config.mongoUri);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const key = await loadStoredSecretKey(config.secretKey, models);
  const box = createSecretBox(key);
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
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await models.db.close();
    },
  };
}
