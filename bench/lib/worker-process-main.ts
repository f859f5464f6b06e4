import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../domain/config';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { connectModels } from '../../domain/models';
import { createSecretBox, loadSecretKey } from '../../domain/secrets/secret-box';
import { createWorker } from '../../worker/create-worker';
import { BENCH_WORKER_READY_LINE } from './worker-process';

/**
 * The process bench/lib/worker-process.ts spawns: worker/run-worker.ts's composition (config from
 * the environment, models, secret box, real activities) with the bundle the benchmark built once
 * (BENCH_WORKFLOW_BUNDLE), so the measured memory is a production worker's.
 */
async function main(): Promise<void> {
  const bundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
  if (!bundlePath) throw new Error('BENCH_WORKFLOW_BUNDLE is not set');
  const config = loadConfig(process.env);
  const models = await connectModels(config.mongoUri);
  const box = createSecretBox(loadSecretKey(config.secretKey));
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker(
    { connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, workflowBundlePath: bundlePath },
    { models, connectors: createConnectorFactory(models, box) },
  );
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write(`${BENCH_WORKER_READY_LINE} ${config.temporal.taskQueue}\n`);
  try {
    await running;
  } finally {
    await connection.close();
    await models.db.close();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
