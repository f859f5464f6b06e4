import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Connection as SfConnection } from 'jsforce';
import request from 'supertest';
import { sealConnection } from '../../../../domain/connections/connection-secrets';
import { connectModels, type Models } from '../../../../domain/models';
import { createSecretBox, type SecretBox } from '../../../../domain/secrets/secret-box';
import { DEMO_MAPPING } from '../../../../scripts/demo-connection';
import { DEMO_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../../harness/app-under-test';
import { harnessValue } from '../../../harness/harness-env';
import { uniqueName } from '../../../harness/services';
import { waitFor } from '../../../harness/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../../../harness/worker-process';

export type RunJson = { id: string; status: string; kind: string; apiCalls: number; counts: Record<string, any>; error: { message: string } | null; pausedReason?: string | null };
export type PipelineStep = { id: string; kind: string; status: string; runId?: string; note?: string };

export interface DurabilityOptions {
  name: string;
  emulator: EmulatorOptions;
  /** The connection's syncSettings (page size, API reserve, pause interval, …). */
  syncSettings?: Record<string, number>;
  /** A Temporal server / MongoDB server of the test's own; default the test run's shared ones. */
  temporalAddress?: string;
  mongoServerUri?: string;
}

function tokenClient(app: AppUnderTest, token: string) {
  return {
    get: (url: string) => request(app.app).get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body?: unknown) => request(app.app).post(url).set('authorization', `Bearer ${token}`).send(body as object),
    put: (url: string, body: unknown) => request(app.app).put(url).set('authorization', `Bearer ${token}`).send(body as object),
  };
}
export type TokenClient = ReturnType<typeof tokenClient>;

/**
 * An emulated org, a connection to it with the demo mapping, the real app, and worker PROCESSES on
 * the fixture's task queue (so tests can SIGKILL them). After start: a full admin sync, two lists
 * (all Contacts, all Leads, both pushing the Score field) and a segment on each, so a pipeline run
 * has every step: admin sync → list syncs (pull, push) → segment refreshes.
 */
export interface DurabilityFixture {
  emulator: RunningEmulator;
  models: Models;
  box: SecretBox;
  temporal: Client;
  taskQueue: string;
  connectionId: string;
  org: SfConnection;
  ops: TokenClient;
  marketer: TokenClient;
  /** The app (for tests that listen on a port) and the raw API tokens behind `ops` and `marketer`. */
  app: AppUnderTest;
  tokens: { ops: string; marketer: string };
  listIds: { contacts: string; leads: string };
  workers: WorkerProcess[];
  startWorker(): Promise<WorkerProcess>;
  /** Starts a pipeline run through the API; returns its run id. */
  startPipeline(mode?: 'full' | 'incremental'): Promise<string>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunJson>;
  close(): Promise<void>;
}

export async function startDurabilityFixture(options: DurabilityOptions): Promise<DurabilityFixture> {
  const emulator = await startEmulator(options.emulator);
  const server = options.mongoServerUri ?? harnessValue('mongoServerUri');
  const mongoUri = `${server.endsWith('/') ? server : `${server}/`}${uniqueName(`t_${options.name}`)}`;
  const models = await connectModels(mongoUri);
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const temporalConnection = await Connection.connect({ address: options.temporalAddress ?? harnessValue('temporalAddress') });
  const temporal = new Client({ connection: temporalConnection, namespace: 'default' });
  const taskQueue = uniqueName(`tq_${options.name}`);
  const connection = await models.Connection.create({
    ...sealConnection(
      {
        name: `${options.name} org`,
        loginUrl: emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      },
      box,
    ),
    mapping: DEMO_MAPPING,
    mappingUpdatedAt: new Date(),
    syncSettings: options.syncSettings ?? {},
  });
  const connectionId = String(connection._id);
  const org = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
  await org.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);

  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await startWorkerProcess({ taskQueue, mongoUri, secretKey, temporalAddress: options.temporalAddress, readyTimeoutMs: 60_000 });
    workers.push(worker);
    return worker;
  };
  await startWorker();

  const app = await buildTestApp(options.name, { models, box, temporal, taskQueue });
  const admin = await signIn(app.app, await createUser(models, 'admin'));
  const token = async (role: string) => (await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name: `${role} automation`, role }).expect(201)).body.token as string;
  const tokens = { ops: await token('ops'), marketer: await token('marketer') };
  const ops = tokenClient(app, tokens.ops);
  const marketer = tokenClient(app, tokens.marketer);

  const waitForRun = (runId: string, timeoutMs = 180_000) =>
    waitFor(
      `run ${runId} to finish`,
      async () => {
        // While a test restarts the database the API answers 5xx for a moment: look again.
        const res = await ops.get(`/api/v1/runs/${runId}`);
        const run = res.status === 200 ? (res.body as RunJson) : undefined;
        if (!run) await new Promise((r) => setTimeout(r, 500));
        return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      timeoutMs,
    );

  const firstSync = await ops.post(`/api/v1/connections/${connectionId}/syncs`, { mode: 'full' }).expect(202);
  expect(await waitForRun(firstSync.body.runId)).toMatchObject({ status: 'succeeded' });
  const importList = async (name: string, kind: string) => {
    const created = await marketer.post('/api/v1/lists', { connectionId, name, source: { kind } }).expect(201);
    expect(await waitForRun(created.body.runId)).toMatchObject({ status: 'succeeded' });
    const listId = created.body.id as string;
    const query = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };
    await marketer.post('/api/v1/segments', { listId, name: `${name} with email`, query }).expect(201);
    return listId;
  };
  const listIds = { contacts: await importList('Contacts', 'all_contacts'), leads: await importList('Leads', 'all_leads') };

  return {
    emulator,
    models,
    box,
    temporal,
    taskQueue,
    connectionId,
    org,
    ops,
    marketer,
    app,
    tokens,
    listIds,
    workers,
    startWorker,
    async startPipeline(mode) {
      const started = await ops.post(`/api/v1/connections/${connectionId}/pipeline-runs`, mode ? { mode } : {}).expect(202);
      return started.body.runId as string;
    },
    waitForRun,
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await app.close();
      await temporalConnection.close();
      await models.db.dropDatabase().catch(() => undefined);
      await models.db.close();
      await emulator.close();
    },
  };
}
