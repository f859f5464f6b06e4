import request from 'supertest';
import type { ListSyncSettingsInput } from '../../../domain/lists/list-sync-settings';
import type { AppDeps } from '../../../api/app';
import { DEMO_MAPPING } from '../../../scripts/demo-connection';
import type { EmulatorOptions } from '../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { waitFor } from '../../harness/wait-for';
import { runSync, startSyncFixture, type SyncFixture } from '../crm-admin-sync/sync-fixture';

export type RunJson = { id: string; status: string; kind: string; apiCalls: number; counts: Record<string, any>; error: { message: string } | null; options: Record<string, unknown> };

export interface ListFixture extends SyncFixture {
  app: AppUnderTest;
  /** JSON API calls with a marketer's and an ops API token. */
  marketer: ReturnType<typeof tokenClient>;
  ops: ReturnType<typeof tokenClient>;
  admin: ReturnType<typeof tokenClient>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunJson>;
  importList(body: Record<string, unknown>): Promise<{ listId: string; run: RunJson }>;
  syncList(listId: string, settings?: ListSyncSettingsInput): Promise<RunJson>;
  close(): Promise<void>;
}

function tokenClient(app: AppUnderTest, token: string) {
  return {
    get: (url: string) => request(app.app).get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body?: unknown) => request(app.app).post(url).set('authorization', `Bearer ${token}`).send(body as object),
    put: (url: string, body: unknown) => request(app.app).put(url).set('authorization', `Bearer ${token}`).send(body as object),
    delete: (url: string) => request(app.app).delete(url).set('authorization', `Bearer ${token}`),
  };
}

/**
 * The sync fixture (worker, emulated org, connection) plus the real app over the same database and
 * worker queue, the demo mapping saved and a first CRM Administration sync done.
 */
export async function startListFixture(name: string, emulatorOptions: EmulatorOptions, appOptions: Partial<AppDeps> = {}): Promise<ListFixture> {
  const f = await startSyncFixture(name, emulatorOptions);
  await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { mapping: DEMO_MAPPING, mappingUpdatedAt: new Date() } });
  await runSync(f, { mode: 'full' });
  const app = await buildTestApp(name, { models: f.models, box: f.box, temporal: f.temporal.client, taskQueue: f.worker.taskQueue, ...appOptions });
  const admin = await signIn(app.app, await createUser(f.models, 'admin'));
  const token = async (role: string) => (await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name: `${role} automation`, role }).expect(201)).body.token as string;
  const marketer = tokenClient(app, await token('marketer'));
  const ops = tokenClient(app, await token('ops'));
  const adminClient = tokenClient(app, await token('admin'));

  async function waitForRun(runId: string, timeoutMs = 90_000): Promise<RunJson> {
    return waitFor(
      `run ${runId} to finish`,
      async () => {
        const run = (await ops.get(`/api/v1/runs/${runId}`).expect(200)).body as RunJson;
        return ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      timeoutMs,
    );
  }

  return {
    ...f,
    app,
    marketer,
    ops,
    admin: adminClient,
    waitForRun,
    async importList(body) {
      const created = await marketer.post('/api/v1/lists', { connectionId: f.connectionId, ...body }).expect(201);
      const run = await waitForRun(created.body.runId);
      expect(run).toMatchObject({ status: 'succeeded', kind: 'list-import' });
      return { listId: created.body.id as string, run };
    },
    async syncList(listId, settings) {
      if (settings) await marketer.put(`/api/v1/lists/${listId}/sync-settings`, settings).expect(200);
      const started = await marketer.post(`/api/v1/lists/${listId}/syncs`).expect(202);
      return waitForRun(started.body.runId);
    },
    async close() {
      await app.close();
      await f.close();
    },
  };
}
