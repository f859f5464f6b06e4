import crypto from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import { sealConnection, type NewConnection } from '../../../domain/connections/connection-secrets';
import type { Models } from '../../../domain/models';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { AUTH_FAILURE, crmAdminSyncWorkflowId } from '../../../contract';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { jsonLinesOf } from '../../harness/log-lines';
import { databaseUriOf, killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';

const WRONG_PASSWORD = `wrong-pw-${crypto.randomBytes(6).toString('hex')}`;
const WRONG_CLIENT_SECRET = `wrong-secret-${crypto.randomBytes(6).toString('hex')}`;
/** Everything secret the stored connections hold; none of it may leave the activities. */
const SECRETS = [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.securityToken, DEMO_CREDENTIALS.clientSecret, WRONG_PASSWORD, WRONG_CLIENT_SECRET];

/** The history as text, payloads decoded (their data is JSON bytes, not readable in JSON.stringify). */
function historyText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(historyText).join('\n');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${historyText(v)}`).join('\n');
  return String(value);
}

/** The promise's outcome, or a rejection naming what was still running after `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was still running after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function leakedIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('CRM secrets stay inside the activities', () => {
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const taskQueue = uniqueName('tq_secrets');
  let emulator: RunningEmulator;
  let models: Models;
  let temporal: { client: Client; close(): Promise<void> };
  let worker: WorkerProcess;
  let web: AppUnderTest;
  const connections: Record<'password' | 'oauth' | 'wrongPassword' | 'wrongClientSecret' | 'wrongClientId', string> = {
    password: '',
    oauth: '',
    wrongPassword: '',
    wrongClientSecret: '',
    wrongClientId: '',
  };
  const runs: Record<string, string> = {};

  async function storeConnection(input: NewConnection): Promise<string> {
    const doc = await models.Connection.create({ ...sealConnection(input, box), syncSettings: { pageSize: 200 } });
    return String(doc._id);
  }

  async function sync(connectionId: string): Promise<{ runId: string; outcome: Promise<unknown> }> {
    const { runId } = await startCrmAdminSync({ models, temporal: temporal.client, taskQueue }, connectionId, { mode: 'full' });
    return { runId, outcome: temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId)).result() };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 51, org: { leads: 50, contacts: 80, accounts: 20, users: 3, opportunities: 15, campaigns: 2 } });
    models = await connectTestModels('secrets');
    temporal = await connectTemporalClient();
    worker = await startWorkerProcess({ taskQueue, mongoUri: databaseUriOf(models), secretKey });
    web = await buildTestApp('secrets', { models, box });
    const { username, password, securityToken, clientId, clientSecret } = DEMO_CREDENTIALS;
    const loginUrl = emulator.url;
    connections.password = await storeConnection({ name: 'Password flow', loginUrl, auth: { type: 'password', username, password, securityToken } });
    connections.oauth = await storeConnection({ name: 'Client credentials flow', loginUrl, auth: { type: 'client_credentials', clientId, clientSecret } });
    connections.wrongPassword = await storeConnection({ name: 'Wrong password', loginUrl, auth: { type: 'password', username, password: WRONG_PASSWORD, securityToken } });
    connections.wrongClientSecret = await storeConnection({ name: 'Wrong client secret', loginUrl, auth: { type: 'client_credentials', clientId, clientSecret: WRONG_CLIENT_SECRET } });
    connections.wrongClientId = await storeConnection({ name: 'Wrong client id', loginUrl, auth: { type: 'client_credentials', clientId: 'not-a-connected-app', clientSecret } });
  });

  afterAll(async () => {
    await killAllWorkerProcesses();
    await web?.close();
    await temporal?.close();
    if (models) {
      await models.db.dropDatabase();
      await models.db.close();
    }
    await emulator?.close();
  });

  it('full syncs over the password and the client-credentials flows succeed', async () => {
    for (const name of ['password', 'oauth'] as const) {
      const { runId, outcome } = await sync(connections[name]);
      await outcome;
      runs[name] = runId;
      const run = await models.Run.findById(runId).lean();
      expect({ name, status: run?.status }).toEqual({ name, status: 'succeeded' });
      expect(await models.crmRecords.Contact.countDocuments({ connectionId: connections[name] })).toBe(emulator.store.count('Contact'));
    }
  });

  it('rejected credentials fail the run at once, non-retryable, with the CRM message and without the secret', async () => {
    const expected = { wrongPassword: 'INVALID_LOGIN', wrongClientSecret: 'invalid_client', wrongClientId: 'invalid_client_id' } as const;
    for (const name of ['wrongPassword', 'wrongClientSecret', 'wrongClientId'] as const) {
      const { runId, outcome } = await sync(connections[name]);
      // Retried, it would run for minutes (1 s, 2 s, … 1 min backoff, 20 attempts); it must end at the first.
      await expect(within(5_000, `the run of "${name}"`, outcome)).rejects.toThrow(WorkflowFailedError);
      runs[name] = runId;
      const run = await models.Run.findById(runId).lean();
      expect(run).toMatchObject({ status: 'failed', error: { type: AUTH_FAILURE } });
      expect(run?.error?.message).toContain(expected[name]);
      expect(leakedIn(run?.error?.message ?? '')).toEqual([]);

      const history = await temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connections[name])).fetchHistory();
      const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
      // markRunRunning, then planAdminSync once, then markRunFailed: no activity ran twice.
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.every((attempt) => attempt === 1)).toBe(true);
    }
  });

  it('secrets appear in no workflow history, run record, worker log line or page', async () => {
    for (const [name, connectionId] of Object.entries(connections)) {
      const history = await temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId)).fetchHistory();
      const text = historyText(history);
      // The payloads were decoded: the run id is only in the workflow's and activities' inputs.
      expect(text).toContain(`"runId":"${runs[name]}"`);
      expect({ name, leaked: leakedIn(text) }).toEqual({ name, leaked: [] });
    }

    const runDocs = JSON.stringify(await models.Run.find().lean());
    expect(leakedIn(runDocs)).toEqual([]);

    const logs = worker.output();
    // The worker logged the failed logins, with the CRM's messages: the log was worth searching.
    expect(logs).toContain('INVALID_LOGIN');
    expect(logs).toContain('invalid_client');
    expect(leakedIn(logs)).toEqual([]);
    // Structured: a failed login's line says which run, connection, workflow and attempt, in JSON.
    const failedLogin = jsonLinesOf(logs).find((line) => line.msg === 'Activity failed' && line.connectionId === connections.wrongPassword);
    expect(failedLogin).toMatchObject({
      level: 'warn',
      time: expect.any(String),
      component: 'worker',
      runId: runs.wrongPassword,
      workflowId: crmAdminSyncWorkflowId(connections.wrongPassword),
      attempt: 1,
    });
    expect(JSON.stringify(failedLogin)).toContain('INVALID_LOGIN');

    const admin = await createUser(models, 'admin');
    const { agent } = await signIn(web.app, admin);
    const pages = [
      '/',
      '/connections',
      '/runs',
      '/api/v1/connections',
      '/api/v1/runs',
      ...Object.values(connections).flatMap((id) => [`/connections/${id}`, `/connections/${id}/edit`, `/api/v1/connections/${id}`]),
      ...Object.values(runs).flatMap((id) => [`/runs/${id}`, `/api/v1/runs/${id}`]),
    ];
    for (const page of pages) {
      const response = await agent.get(page);
      expect({ page, status: response.status }).toEqual({ page, status: 200 });
      expect({ page, leaked: leakedIn(response.text) }).toEqual({ page, leaked: [] });
    }
    // The failed run's page shows the CRM's own message, so the search above looked at real content.
    const failedRunPage = await agent.get(`/runs/${runs.wrongPassword}`);
    expect(failedRunPage.text).toContain('INVALID_LOGIN');
  });
});
