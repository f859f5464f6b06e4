import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { findFreePort } from '../../../dev-services/free-port';
import { startTemporalDevServer, type TemporalDevServer } from '../../../dev-services/temporal-dev-server';
import { ensureTemporalCli } from '../../../dev-services/tools';
import { createConnectorFactory } from '../../../domain/crm/connector-factory';
import type { Models } from '../../../domain/models';
import { registerAlertsMonitor } from '../../../domain/schedules/alerts-schedule';
import { describeSchedule } from '../../../domain/schedules/schedule-client';
import { createWorker } from '../../../worker/create-worker';
import { alertsScheduleId } from '../../../contract';
import { harnessValue } from '../../harness/harness-env';
import { connectTestModels, quietTemporalLogs, testSecretBox, uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';

const EVERY_MS = 1_000;

/**
 * Schedules live in the Temporal server's own store: a dev server persisted to its SQLite file
 * keeps them across a restart of itself and of the worker. This test runs its own server (the
 * shared one must not go down under other test files) on a fixed port and data directory.
 */
describe('schedules across a Temporal server restart', () => {
  let dataDir: string;
  let port: number;
  let binary: string;
  let server: TemporalDevServer | undefined;
  let models: Models;

  async function withWorker<T>(taskQueue: string, body: (client: Client) => Promise<T>): Promise<T> {
    quietTemporalLogs();
    const native = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
    const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, workflowBundlePath: harnessValue('workflowBundle') }, { models, connectors: createConnectorFactory(models, testSecretBox()) });
    const running = worker.run();
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      return await body(new Client({ connection, namespace: 'default' }));
    } finally {
      await connection.close();
      worker.shutdown();
      await running;
      await native.close();
    }
  }

  const completedRuns = async (client: Client) => {
    let n = 0;
    for await (const execution of client.workflow.list({ query: `WorkflowType = 'monitorAlerts' AND ExecutionStatus = 'Completed'` })) if (execution) n += 1;
    return n;
  };

  beforeAll(async () => {
    binary = await ensureTemporalCli(() => {});
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-temporal-restart-'));
    port = await findFreePort();
    server = await startTemporalDevServer({ binary, dataDir, port });
    models = await connectTestModels('temporal_restart');
  });
  afterAll(async () => {
    await server?.stop();
    await models?.db.dropDatabase();
    await models?.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a schedule keeps firing after the worker and the Temporal server are restarted', async () => {
    const taskQueue = uniqueName('restart');
    const before = await withWorker(taskQueue, async (client) => {
      await registerAlertsMonitor(client, taskQueue, EVERY_MS);
      return waitFor('the schedule to fire twice', async () => ((await completedRuns(client)) >= 2 ? completedRuns(client) : undefined), 60_000);
    });

    await server?.stop();
    server = await startTemporalDevServer({ binary, dataDir, port });

    await withWorker(taskQueue, async (client) => {
      // Nothing re-registered it: the schedule came back with the server's data file.
      expect((await describeSchedule(client, alertsScheduleId(taskQueue))).exists).toBe(true);
      await waitFor('the schedule to fire after the restart', async () => ((await completedRuns(client)) > before ? true : undefined), 60_000);
    });
  });
});
