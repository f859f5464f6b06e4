import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../domain/config';
import { createConnectorFactory } from '../domain/crm/connector-factory';
import { connectModels } from '../domain/models';
import { createSecretBox, loadSecretKey } from '../domain/secrets/secret-box';
import { WORKER_READY_LINE, WORKFLOW_BUNDLE_ENV } from './prebuilt-bundle-protocol';
import { createWorker } from './create-worker';

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
  const models = await connectModels(config.mongoUri);
  const box = createSecretBox(loadSecretKey(config.secretKey));
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker(
    { connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, workflowBundlePath: bundlePath },
    { models, connectors: createConnectorFactory(models, box), box, outboundHosts: config.outbound },
  );
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write(`${WORKER_READY_LINE} ${config.temporal.taskQueue}\n`);
  try {
    await running;
  } finally {
    await connection.close();
    await models.db.close();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
