import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../domain/config';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { connectModels } from '../domain/models';
import { registerAlertsMonitor } from '../domain/schedules/alerts-schedule';
import { registerRetentionSchedule } from '../domain/schedules/retention-schedule';
import { reregisterSchedules } from '../domain/schedules/target-schedules';
import { createSecretBox } from '../domain/secrets/secret-box';
import { loadStoredSecretKey } from '../domain/secrets/stored-secret-key';
import { createWorker } from './create-worker';

export interface RunningWorker {
  /** Resolves when the worker has stopped (after stop(), or on a fatal error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The worker's composition root: config → database, secrets, Temporal connection → worker. */
export async function runWorker(config: AppConfig): Promise<RunningWorker> {
  const models = await connectModels(config.mongoUri);
  const box = createSecretBox(await loadStoredSecretKey(config.secretKey, models));
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker(
    { connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
    { models, connectors: createConnectorFactory(models, box), box, outboundHosts: config.outbound },
  );
  // Schedules live in Temporal; the database holds their settings. Re-registering at every start
  // (idempotent) brings them back on a Temporal server that lost them, and points schedules an
  // earlier version registered at today's scheduledRun workflow.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  try {
    const scheduleDeps = { models, temporal: new Client({ connection: clientConnection, namespace: config.temporal.namespace }), taskQueue: config.temporal.taskQueue };
    const registered = await reregisterSchedules(scheduleDeps);
    if (registered > 0) console.log(`re-registered ${registered} schedule${registered === 1 ? '' : 's'}`);
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
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
