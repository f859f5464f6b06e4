import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { connectModels, type Models } from '../../domain/models';
import { STRICT_OUTBOUND_HOSTS, type OutboundHostPolicy } from '../../domain/outbound/outbound-hosts';
import { createSecretBox, type SecretBox } from '../../domain/secrets/secret-box';
import { createWorker } from '../../worker/create-worker';
import { harnessValue } from './harness-env';

/** A name unique to this test file and moment: databases and task queues are never shared between files. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
}

/** Models on a fresh database of the shared FerretDB (or MONGODB_URI) server. */
export async function connectTestModels(prefix: string): Promise<Models> {
  const server = harnessValue('mongoServerUri');
  const uri = server.endsWith('/') ? `${server}${uniqueName(`t_${prefix}`)}` : server.replace(/\/[^/?]*(\?|$)/, `/${uniqueName(`t_${prefix}`)}$1`);
  return connectModels(uri);
}

export function testSecretBox(): SecretBox {
  return createSecretBox(crypto.randomBytes(32));
}

export async function connectTemporalClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: harnessValue('temporalAddress') });
  return { client: new Client({ connection, namespace: 'default' }), close: () => connection.close() };
}

export interface RunningTestWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * The SDK logs every worker state change at INFO: five lines per change, most of a test run's
 * output, burying a failure. Tests keep WARN and above (failed activities, retries). Must run
 * before the first connection of this test file creates the runtime; later calls do nothing.
 */
export function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // The runtime already exists (an earlier call, or something connected first): its logger stays.
  }
}

/** What `npm start` allows: loopback CRM hosts (the emulator) and webhook receivers, as CRM_SYNC_ALLOW_LOOPBACK_HOSTS=true. */
export const DEVELOPMENT_OUTBOUND_HOSTS: OutboundHostPolicy = { ...STRICT_OUTBOUND_HOSTS, allowLoopback: true };

/** A real worker on its own task queue, with the real activities over the given models and secret box. */
export async function startTestWorker(models: Models, box: SecretBox, taskQueue = uniqueName('tq')): Promise<RunningTestWorker> {
  quietTemporalLogs();
  const connection = await NativeConnection.connect({ address: harnessValue('temporalAddress') });
  const worker = await createWorker(
    { connection, namespace: 'default', taskQueue, workflowBundlePath: harnessValue('workflowBundle') },
    { models, connectors: createConnectorFactory(models, box), box, outboundHosts: DEVELOPMENT_OUTBOUND_HOSTS },
  );
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
