import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { findFreePort } from '../../../dev-services/free-port';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import type { Models } from '../../../domain/models';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { parsePrometheusText } from '../../harness/prometheus-text';
import { databaseUriOf, killAllWorkerProcesses, startWorkerProcess } from '../../harness/worker-process';

describe("a worker's Temporal metrics", () => {
  const secretKey = crypto.randomBytes(32);
  const taskQueue = uniqueName('tq_metrics');
  let emulator: RunningEmulator;
  let models: Models;
  let temporal: { client: Client; close(): Promise<void> };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, org: { leads: 20, contacts: 30, accounts: 10, users: 2, opportunities: 0, campaigns: 0 } });
    models = await connectTestModels('workermetrics');
    temporal = await connectTemporalClient();
  });
  afterAll(async () => {
    await killAllWorkerProcesses();
    await temporal?.close();
    await models?.db.dropDatabase();
    await models?.db.close();
    await emulator?.close();
  });

  it('are served for Prometheus at CRM_SYNC_WORKER_METRICS_ADDRESS, and count the activities and workflow of a sync', async () => {
    const address = `127.0.0.1:${await findFreePort()}`;
    await startWorkerProcess({ taskQueue, mongoUri: databaseUriOf(models), secretKey, env: { CRM_SYNC_WORKER_METRICS_ADDRESS: address } });
    const connection = await models.Connection.create(
      sealConnection(
        {
          name: 'Metrics org',
          loginUrl: emulator.url,
          auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
        },
        createSecretBox(secretKey),
      ),
    );
    const connectionId = String(connection._id);
    await startCrmAdminSync({ models, temporal: temporal.client, taskQueue }, connectionId, { mode: 'full' });
    await temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId)).result();

    const res = await fetch(`http://${address}/metrics`);
    expect(res.status).toBe(200);
    const samples = parsePrometheusText(await res.text()).filter((s) => s.labels.task_queue === taskQueue);
    const names = [...new Set(samples.map((s) => s.name))];
    const total = (name: string, labels: Record<string, string>) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
    // One pull per synced object at least, each timed; the sync's workflow completed once.
    expect({ names, pulls: total('temporal_activity_execution_latency_seconds_count', { activity_type: 'pullObjectPages' }) >= 3 }).toEqual({ names, pulls: true });
    expect({ names, completed: total('temporal_workflow_completed_total', { workflow_type: 'crmAdminSync' }) }).toEqual({ names, completed: 1 });
  });
});
