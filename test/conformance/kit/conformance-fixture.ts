import crypto from 'node:crypto';
import request from 'supertest';
import { crmModel } from '../../../domain/crm/crm-registry';
import type { CrmModel } from '../../../domain/crm/crm-model';
import type { Models } from '../../../domain/models';
import type { CrmRecordDoc, CrmRecordModel } from '../../../domain/models/crm-record';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { databaseUriOf, startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';
import type { ConformanceTarget, EmulatedOrg } from '../target';

export type RunJson = { id: string; status: string; kind: string; apiCalls: number; counts: Record<string, any>; error: { message: string } | null; options: Record<string, unknown> };
export type Role = 'admin' | 'ops' | 'marketer';

export interface ConformanceFixture {
  target: ConformanceTarget;
  org: EmulatedOrg;
  model: CrmModel;
  models: Models;
  app: AppUnderTest;
  temporal: Awaited<ReturnType<typeof connectTemporalClient>>;
  taskQueue: string;
  connectionId: string;
  /** The first full sync, made when the fixture started. */
  firstSync: RunJson;
  /** An admin signed in through the login form, for pages. */
  session: Awaited<ReturnType<typeof signIn>>;
  /** The JSON API with an API token of the role. */
  api(role: Role): { get(url: string): request.Test; post(url: string, body?: object): request.Test; put(url: string, body: object): request.Test };
  /** Worker processes on the fixture's queue (a test may SIGKILL the newest and start another). */
  workers: WorkerProcess[];
  startWorker(): Promise<WorkerProcess>;
  /** A CRM Administration sync started through the API, as the Sync button does; resolves with the finished run. */
  sync(body: { mode: 'full' | 'incremental'; driftCheck?: boolean }): Promise<RunJson>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunJson>;
  /** crm-sync's local copy of an object's records on this connection. */
  localRecords(object: string): Promise<CrmRecordDoc[]>;
  close(): Promise<void>;
}

/** Sync settings of every kit connection: pages of 200 so objects span pages, and a quota pause of 1 s, not 15 min. */
const KIT_SYNC_SETTINGS = { pageSize: 200, apiLimitPauseSeconds: 1, driftThresholdPercent: 50 };

/**
 * The target's emulated org, the real app over a fresh database, and a worker process: a connection
 * created through `POST /api/v1/connections`, the target's mapping saved through the mapping API,
 * and a first full sync, all as a user would do it.
 */
export async function startConformanceFixture(target: ConformanceTarget, name: string, org: { seed: number; people: number }): Promise<ConformanceFixture> {
  const emulated = await target.startOrg(org);
  const models = await connectTestModels(`${name}_${target.crm}`);
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const temporal = await connectTemporalClient();
  const taskQueue = uniqueName(`tq_${name}`);
  const app = await buildTestApp(name, { models, box, temporal: temporal.client, taskQueue });
  const session = await signIn(app.app, await createUser(models, 'admin'));
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'ops', 'marketer'] as const) {
    tokens[role] = (await session.agent.post('/api/v1/tokens').set('x-csrf-token', session.csrf).send({ name: `conformance ${role}`, role }).expect(201)).body.token;
  }
  const api: ConformanceFixture['api'] = (role) => {
    const auth = (test: request.Test) => test.set('authorization', `Bearer ${tokens[role]}`);
    return {
      get: (url) => auth(request(app.app).get(url)),
      post: (url, body) => auth(request(app.app).post(url)).send(body),
      put: (url, body) => auth(request(app.app).put(url)).send(body),
    };
  };

  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await startWorkerProcess({ taskQueue, mongoUri: databaseUriOf(models), secretKey, readyTimeoutMs: 90_000 });
    workers.push(worker);
    return worker;
  };
  await startWorker();

  const created = await api('admin').post('/api/v1/connections', { ...emulated.connectionInput(`${target.label} conformance org`), syncSettings: KIT_SYNC_SETTINGS });
  if (created.status !== 201) throw new Error(`creating the ${target.label} connection answered ${created.status}: ${JSON.stringify(created.body)}`);
  const connectionId = String(created.body.id);
  const saved = await api('admin').put(`/api/v1/connections/${connectionId}/mapping`, emulated.mapping);
  if (saved.status !== 200) throw new Error(`saving the ${target.label} mapping answered ${saved.status}: ${JSON.stringify(saved.body)}`);

  const waitForRun = (runId: string, timeoutMs = 180_000) =>
    waitFor(
      `run ${runId} to finish`,
      async () => {
        const run = (await api('ops').get(`/api/v1/runs/${runId}`).expect(200)).body as RunJson;
        return ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      timeoutMs,
    );
  const sync: ConformanceFixture['sync'] = async (body) => {
    const started = await api('ops').post(`/api/v1/connections/${connectionId}/syncs`, body).expect(202);
    return waitForRun(started.body.runId);
  };
  const first = await sync({ mode: 'full' });
  if (first.status !== 'succeeded') throw new Error(`the first full sync of the ${target.label} org ended ${first.status}: ${first.error?.message}`);

  return {
    target,
    org: emulated,
    model: crmModel(target.crm),
    models,
    app,
    temporal,
    taskQueue,
    connectionId,
    firstSync: first,
    session,
    api,
    workers,
    startWorker,
    sync,
    waitForRun,
    async localRecords(object) {
      const collection = (models.crmRecords as Partial<Record<string, CrmRecordModel>>)[object];
      if (!collection) throw new Error(`crm-sync keeps no local copy of the ${target.label} object ${object}`);
      return collection.find({ connectionId }).lean();
    },
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await app.close();
      await temporal.close();
      await models.db.dropDatabase();
      await models.db.close();
      await emulated.close();
    },
  };
}
