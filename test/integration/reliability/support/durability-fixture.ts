import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import type { CrmModel } from '../../../../domain/crm/crm-model';
import { crmModel } from '../../../../domain/crm/crm-registry';
import { connectModels, type Models } from '../../../../domain/models';
import type { CrmRecordDoc, CrmRecordModel } from '../../../../domain/models/crm-record';
import { createSecretBox, type SecretBox } from '../../../../domain/secrets/secret-box';
import type { EmulatorOptions, RunningEmulator } from '../../../../sf-emulator';
import type { ConformanceTarget, EmulatedOrg } from '../../../conformance/target';
import { salesforceTarget, startSalesforceOrg } from '../../../conformance/targets/salesforce';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../../harness/app-under-test';
import { harnessValue } from '../../../harness/harness-env';
import { uniqueName } from '../../../harness/services';
import { waitFor } from '../../../harness/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../../../harness/worker-process';

export type RunJson = { id: string; status: string; kind: string; apiCalls: number; counts: Record<string, any>; error: { message: string } | null; pausedReason?: string | null };
export type PipelineStep = { id: string; kind: string; status: string; runId?: string; note?: string };

interface ServerOptions {
  name: string;
  /** The connection's syncSettings (page size, API reserve, pause interval, …). */
  syncSettings?: Record<string, number>;
  /** A Temporal server / MongoDB server of the test's own; default the test run's shared ones. */
  temporalAddress?: string;
  mongoServerUri?: string;
}

export interface DurabilityOptions extends ServerOptions {
  /** The CRM (a conformance-kit target) and the org its emulator generates. */
  crm: { target: ConformanceTarget; seed: number; people: number; dailyApiLimit?: number };
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
 * An emulated org of any CRM the conformance kit knows, a connection to it with the target's
 * mapping, the real app, and worker PROCESSES on the fixture's task queue (so tests can SIGKILL
 * them). After start: a full admin sync, two lists (all contacts, all leads, both pushing the Score
 * field) and a segment on each, so a pipeline run has every step: admin sync → list syncs (pull,
 * push) → segment refreshes.
 */
export interface DurabilityFixture {
  /** The CRM's name in test titles ("Salesforce", "Dynamics 365"). */
  label: string;
  /** The kit's handle on the emulated org: changes as CRM users make them, and what crm-sync did to it. */
  org: EmulatedOrg;
  model: CrmModel;
  models: Models;
  box: SecretBox;
  temporal: Client;
  taskQueue: string;
  connectionId: string;
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
  /** crm-sync's local copy of an object's records on this connection. */
  localRecords(object: string): Promise<CrmRecordDoc[]>;
  close(): Promise<void>;
}

/** The fixture over the target's org, generated from `crm.seed` for about `crm.people` people. */
export async function startDurabilityFixture(options: DurabilityOptions): Promise<DurabilityFixture> {
  const { target, seed, people, dailyApiLimit } = options.crm;
  return openDurabilityFixture(target, await target.startOrg({ seed, people, dailyApiLimit }), options);
}

export type SalesforceDurabilityFixture = DurabilityFixture & { emulator: RunningEmulator };

/**
 * The fixture over the Salesforce emulator started with exactly `emulator` (object counts, Bulk API
 * thresholds), for tests that look inside it: its per-endpoint counts, its raw store.
 */
export async function startSalesforceDurabilityFixture(options: ServerOptions & { emulator: EmulatorOptions }): Promise<SalesforceDurabilityFixture> {
  const { emulator, org } = await startSalesforceOrg(options.emulator);
  return { ...(await openDurabilityFixture(salesforceTarget, org, options)), emulator };
}

async function openDurabilityFixture(target: ConformanceTarget, org: EmulatedOrg, options: ServerOptions): Promise<DurabilityFixture> {
  const server = options.mongoServerUri ?? harnessValue('mongoServerUri');
  const mongoUri = `${server.endsWith('/') ? server : `${server}/`}${uniqueName(`t_${options.name}`)}`;
  const models = await connectModels(mongoUri);
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const temporalConnection = await Connection.connect({ address: options.temporalAddress ?? harnessValue('temporalAddress') });
  const temporal = new Client({ connection: temporalConnection, namespace: 'default' });
  const taskQueue = uniqueName(`tq_${options.name}`);

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
  const tokens = { ops: await token('ops'), marketer: await token('marketer'), admin: await token('admin') };
  const ops = tokenClient(app, tokens.ops);
  const marketer = tokenClient(app, tokens.marketer);
  const adminApi = tokenClient(app, tokens.admin);

  // The connection and its mapping are made as an admin makes them: through the API.
  const created = await adminApi.post('/api/v1/connections', { ...org.connectionInput(`${options.name} ${target.label} org`), syncSettings: options.syncSettings ?? {} });
  if (created.status !== 201) throw new Error(`creating the ${target.label} connection answered ${created.status}: ${JSON.stringify(created.body)}`);
  const connectionId = String(created.body.id);
  await adminApi.put(`/api/v1/connections/${connectionId}/mapping`, org.mapping).expect(200);

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
    label: target.label,
    org,
    model: crmModel(target.crm),
    models,
    box,
    temporal,
    taskQueue,
    connectionId,
    ops,
    marketer,
    app,
    tokens: { ops: tokens.ops, marketer: tokens.marketer },
    listIds,
    workers,
    startWorker,
    async startPipeline(mode) {
      const started = await ops.post(`/api/v1/connections/${connectionId}/pipeline-runs`, mode ? { mode } : {}).expect(202);
      return started.body.runId as string;
    },
    waitForRun,
    async localRecords(object) {
      const collection = (models.crmRecords as Partial<Record<string, CrmRecordModel>>)[object];
      if (!collection) throw new Error(`crm-sync keeps no local copy of the ${target.label} object ${object}`);
      return collection.find({ connectionId }).lean();
    },
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await app.close();
      await temporalConnection.close();
      await models.db.dropDatabase().catch(() => undefined);
      await models.db.close();
      await org.close();
    },
  };
}
