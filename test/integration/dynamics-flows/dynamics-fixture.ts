import request from 'supertest';
import type { ConnectionMapping } from '../../../domain/mapping/mapping';
import type { CrmRecordDoc, CrmRecordModel } from '../../../domain/models/crm-record';
import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS, startDynamicsEmulator, type DynamicsEmulatorOptions, type FieldValue, type RunningDynamicsEmulator } from '../../../dynamics-emulator';
import type { ColumnDef } from '../../../dynamics-emulator/schema/types';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { connectTemporalClient, connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { fetchToken } from '../dynamics-emulator/dataverse-client';

export type RunJson = {
  id: string;
  status: string;
  kind: string;
  apiCalls: number;
  counts: Record<string, any>;
  error: { message: string } | null;
  options: Record<string, unknown>;
  apiAllowance?: { reportedByCrm: boolean; text: string; rateLimitWaits: { waits: number; waitedMs: number; text: string } | null } | null;
};
export type OrgRow = Record<string, unknown>;

const both = (crmField: string, target: ConnectionMapping['entries'][number]['target']) => (['Lead', 'Contact'] as const).map((crmObject) => ({ crmObject, crmField, target }));

/** The mapping the flows save: email and names, a choice, a two-option column, and new_behaviorscore pushed back as the score. */
export const DYNAMICS_FLOW_MAPPING: ConnectionMapping = {
  pushPolicy: { default: 'deny' },
  entries: [
    ...both('emailaddress1', { kind: 'standard', field: 'email' }),
    ...both('firstname', { kind: 'standard', field: 'firstName' }),
    ...both('lastname', { kind: 'standard', field: 'lastName' }),
    ...both('new_customertier', { kind: 'custom', name: 'customerTier', type: 'Text' }),
    ...both('new_newsletteroptin', { kind: 'custom', name: 'newsletterOptIn', type: 'Boolean' }),
    ...both('new_behaviorscore', { kind: 'custom', name: 'behaviorScore', type: 'Score' }).map((e) => ({ ...e, allowPush: true })),
  ],
};

function tokenClient(app: AppUnderTest, token: string) {
  return {
    get: (url: string) => request(app.app).get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body?: unknown) => request(app.app).post(url).set('authorization', `Bearer ${token}`).send(body as object),
    put: (url: string, body: unknown) => request(app.app).put(url).set('authorization', `Bearer ${token}`).send(body as object),
  };
}

export interface DynamicsFlowFixture {
  emu: RunningDynamicsEmulator;
  app: AppUnderTest;
  worker: RunningTestWorker;
  connectionId: string;
  /** An admin signed in through the login form, for pages. */
  session: Awaited<ReturnType<typeof signIn>>;
  admin: ReturnType<typeof tokenClient>;
  ops: ReturnType<typeof tokenClient>;
  marketer: ReturnType<typeof tokenClient>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunJson>;
  /** A CRM Administration sync started through the API; resolves with the finished run. */
  sync(body: { mode: 'full' | 'incremental'; driftCheck?: boolean }): Promise<RunJson>;
  importList(body: Record<string, unknown>): Promise<{ listId: string; run: RunJson }>;
  syncList(listId: string, settings?: Record<string, unknown>): Promise<RunJson>;
  /** crm-sync's local copy of one Dataverse table on this connection. */
  localRecords(table: string): Promise<CrmRecordDoc[]>;
  /** Every row of a table through the Web API with every readable column, read as the test admin app. */
  orgRecords(table: string): Promise<OrgRow[]>;
  close(): Promise<void>;
}

/** A column as the Web API names it in rows: lookups as `_x_value`. */
export const wireName = (c: ColumnDef) => (c.type === 'Lookup' || c.type === 'Owner' || c.type === 'Customer' ? `_${c.logicalName}_value` : c.logicalName);
export const lookupId = (value: FieldValue | undefined) => (value && typeof value === 'object' && 'id' in value ? String(value.id) : undefined);

/**
 * The Dataverse emulator with a seeded org, the real app and an in-process worker over a fresh
 * database: the connection created through `POST /api/v1/connections` as a user would, the flow
 * mapping saved through the mapping API. No sync yet.
 */
export async function startDynamicsFlowFixture(name: string, emulatorOptions: DynamicsEmulatorOptions, syncSettings: Record<string, number> = {}): Promise<DynamicsFlowFixture> {
  const emu = await startDynamicsEmulator(emulatorOptions);
  const models = await connectTestModels(name);
  const box = testSecretBox();
  const worker = await startTestWorker(models, box);
  const temporal = await connectTemporalClient();
  const app = await buildTestApp(name, { models, box, temporal: temporal.client, taskQueue: worker.taskQueue });
  const session = await signIn(app.app, await createUser(models, 'admin'));
  const token = async (role: string) => (await session.agent.post('/api/v1/tokens').set('x-csrf-token', session.csrf).send({ name: `${role} automation`, role }).expect(201)).body.token as string;
  const admin = tokenClient(app, await token('admin'));
  const ops = tokenClient(app, await token('ops'));
  const marketer = tokenClient(app, await token('marketer'));

  const created = await admin.post('/api/v1/connections', {
    crm: 'dynamics',
    name: `${name} Dynamics org`,
    environmentUrl: emu.url,
    tenantId: DEMO_CREDENTIALS.tenantId,
    loginUrl: emu.url,
    auth: { type: 'client_credentials', clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
    syncSettings: { apiLimitPauseSeconds: 1, ...syncSettings },
  });
  if (created.status !== 201) throw new Error(`creating the Dynamics connection answered ${created.status}: ${JSON.stringify(created.body)}`);
  const connectionId = String(created.body.id);
  const saved = await admin.put(`/api/v1/connections/${connectionId}/mapping`, DYNAMICS_FLOW_MAPPING);
  if (saved.status !== 200) throw new Error(`saving the Dynamics mapping answered ${saved.status}: ${JSON.stringify(saved.body)}`);

  const waitForRun = (runId: string, timeoutMs = 120_000) =>
    waitFor(
      `run ${runId} to finish`,
      async () => {
        const run = (await ops.get(`/api/v1/runs/${runId}`).expect(200)).body as RunJson;
        return ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      timeoutMs,
    );

  async function orgRecords(table: string): Promise<OrgRow[]> {
    const def = emu.store.table(table);
    const select = def.columns.map(wireName).join(',');
    const bearer = (await fetchToken(emu, TEST_ADMIN_CREDENTIALS)).access_token;
    const rows: OrgRow[] = [];
    for (let url: string | undefined = `${emu.url}/api/data/v9.2/${def.entitySetName}?$select=${select}`; url; ) {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json', Prefer: 'odata.maxpagesize=5000' } });
      if (!response.ok) throw new Error(`reading ${def.entitySetName} answered ${response.status}: ${await response.text()}`);
      const page = (await response.json()) as { value: OrgRow[]; '@odata.nextLink'?: string };
      rows.push(...page.value.map((row) => Object.fromEntries(Object.entries(row).filter(([field]) => !field.includes('@')))));
      url = page['@odata.nextLink'];
    }
    return rows;
  }

  return {
    emu,
    app,
    worker,
    connectionId,
    session,
    admin,
    ops,
    marketer,
    waitForRun,
    async sync(body) {
      const started = await ops.post(`/api/v1/connections/${connectionId}/syncs`, body).expect(202);
      return waitForRun(started.body.runId);
    },
    async importList(body) {
      const createdList = await marketer.post('/api/v1/lists', { connectionId, ...body });
      if (createdList.status !== 201) throw new Error(`creating the list answered ${createdList.status}: ${JSON.stringify(createdList.body)}`);
      const run = await waitForRun(createdList.body.runId);
      return { listId: String(createdList.body.id), run };
    },
    async syncList(listId, settings) {
      if (settings) await marketer.put(`/api/v1/lists/${listId}/sync-settings`, settings).expect(200);
      const started = await marketer.post(`/api/v1/lists/${listId}/syncs`).expect(202);
      return waitForRun(started.body.runId);
    },
    async localRecords(table) {
      const collection = (models.crmRecords as Partial<Record<string, CrmRecordModel>>)[table];
      if (!collection) throw new Error(`crm-sync keeps no local copy of the Dataverse table ${table}`);
      return collection.find({ connectionId }).lean();
    },
    orgRecords,
    async close() {
      await app.close();
      await worker.stop();
      await temporal.close();
      await models.db.dropDatabase();
      await models.db.close();
      await emu.close();
    },
  };
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** A datetime kept as a Date equals the same instant as text; everything else as JSON, absent and null alike. */
export function comparable(value: unknown): string {
  if (value instanceof Date) return `instant:${value.getTime()}`;
  if (typeof value === 'string' && ISO_DATETIME.test(value)) return `instant:${Date.parse(value)}`;
  return JSON.stringify(value ?? null);
}
