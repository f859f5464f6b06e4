import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../domain/config';
import { createLogger, type Logger } from '../domain/logging/logger';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { connectModels } from '../domain/models';
import { registerAlertsMonitor } from '../domain/schedules/alerts-schedule';
import { registerRetentionSchedule } from '../domain/schedules/retention-schedule';
import { reregisterSchedules } from '../domain/schedules/target-schedules';
import { createSecretBox } from '../domain/secrets/secret-box';
import { loadStoredSecretKey } from '../domain/secrets/stored-secret-key';
import { createWorker } from './create-worker';
import { installTemporalRuntime } from './temporal-runtime';
import { temporalConnectionOptions } from '../domain/temporal-connection';

export interface RunningWorker {
  /** Resolves when the worker has stopped and closed its connections (after stop(), or on a fatal error). */
  done: Promise<void>;
  /** Stops polling; running activities get the grace time, then are cancelled at their last checkpoint. */
  stop(): Promise<void>;
  /** The worker's JSON-lines logger; the SDK's own lines go through it too. */
  logger: Logger;
}

/** The worker's composition root: config → logger, database, secrets, Temporal connection → worker. */
export async function runWorker(config: AppConfig): Promise<RunningWorker> {
  const logger = createLogger({ level: config.log.level, component: 'worker' });
  // Before the first connection: it creates the SDK runtime, whose logger is fixed from then on.
  installTemporalRuntime(logger, { metricsAddress: config.worker.metricsAddress });
  const models = await connectModels(config.mongoUri, (line) => logger.warn(line));
  const box = createSecretBox(await loadStoredSecretKey(config.secretKey, models));
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await createWorker(
    { connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, shutdownGraceSeconds: config.shutdown.graceSeconds },
    { models, connectors: createConnectorFactory(models, box), box, outboundHosts: config.outbound },
  );
  // Schedules live in Temporal; the database holds their settings. Re-registering at every start
  // (idempotent) brings them back on a Temporal server that lost them, and points schedules an
  // earlier version registered at today's scheduledRun workflow.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const scheduleDeps = { models, temporal: new Client({ connection: clientConnection, namespace: config.temporal.namespace }), taskQueue: config.temporal.taskQueue };
    const registered = await reregisterSchedules(scheduleDeps);
    if (registered > 0) logger.info({ schedules: registered }, 're-registered schedules');
    await registerAlertsMonitor(scheduleDeps.temporal, config.temporal.taskQueue);
    await registerRetentionSchedule(scheduleDeps.temporal, config.temporal.taskQueue, config.retention);
  } finally {
    await clientConnection.close();
  }
  const done = worker.run().finally(async () => {
    await connection.close();
    await models.db.close();
  });
  return {
    done,
    logger,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
