import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../domain/config';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { createLogger } from '../domain/logging/logger';
import { connectModels } from '../domain/models';
import { createSecretBox, loadSecretKey } from '../domain/secrets/secret-box';
import { WORKER_READY_LINE, WORKFLOW_BUNDLE_ENV } from './prebuilt-bundle-protocol';
import { createWorker } from './create-worker';
import { installTemporalRuntime } from './temporal-runtime';
import { temporalConnectionOptions } from '../domain/temporal-connection';

/**
 * The process dev-services/worker-process.ts spawns for the tests and the benchmark: run-worker.ts's
 * composition (config from the environment, models, secret box, real activities) on a workflow
 * bundle built once per run, so it polls within a second instead of bundling again.
 * Unlike run-worker.ts it registers no schedules: the tests and the benchmark start every workflow
 * themselves, and schedules per task queue would keep firing on the shared Temporal server.
 */
async function main(): Promise<void> {
  const bundlePath = process.env[WORKFLOW_BUNDLE_ENV];
  if (!bundlePath) throw new ConfigError(`${WORKFLOW_BUNDLE_ENV} is not set: it must name a workflow bundle built with bundleWorkflowCode`);
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.log.level, component: 'worker' });
  installTemporalRuntime(logger, { metricsAddress: config.worker.metricsAddress });
  const models = await connectModels(config.mongoUri, (line) => logger.warn(line));
  const box = createSecretBox(loadSecretKey(config.secretKey));
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await createWorker(
    {
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundlePath: bundlePath,
      shutdownGraceSeconds: config.shutdown.graceSeconds,
    },
    { models, connectors: createConnectorFactory(models, box), box, outboundHosts: config.outbound },
  );
  // As in production (run-worker.ts): stop polling, let activities finish within the grace time, exit 0.
  process.once('SIGTERM', () => {
    logger.info({ signal: 'SIGTERM', graceSeconds: config.shutdown.graceSeconds }, 'stopping: no new tasks; running activities get the grace time');
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  const running = worker.run();
  process.stdout.write(`${WORKER_READY_LINE} ${config.temporal.taskQueue}\n`);
  try {
    await running;
  } finally {
    await connection.close();
    await models.db.close();
  }
}

main().then(
  // Everything is closed; a stray timer must not keep a stopped worker's process alive.
  () => process.exit(0),
  (err: Error) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
