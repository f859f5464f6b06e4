import type { Client } from '@temporalio/client';
import { Connection as SfConnection } from 'jsforce';
import { startCrmAdminSync, type SyncRequest } from '../../../api/services/run-starter';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { SALESFORCE_OBJECTS, type SalesforceObject } from '../../../domain/crm/salesforce/salesforce-model';
import type { Models } from '../../../domain/models';
import type { SecretBox } from '../../../domain/secrets/secret-box';
import { Prng } from '../../../sf-emulator/prng';
import { DEMO_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../sf-emulator';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { connectTemporalClient, connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';

export interface SyncFixture {
  emulator: RunningEmulator;
  models: Models;
  box: SecretBox;
  worker: RunningTestWorker;
  temporal: { client: Client; close(): Promise<void> };
  connectionId: string;
  /** jsforce, logged in to the emulated org: how tests change "the CRM". */
  org: SfConnection;
  close(): Promise<void>;
}

/** A real worker on its own queue and database, an emulated org, and a stored connection to it. */
export async function startSyncFixture(name: string, emulatorOptions: EmulatorOptions, settings: Record<string, number> = {}): Promise<SyncFixture> {
  const emulator = await startEmulator(emulatorOptions);
  const models = await connectTestModels(name);
  const box = testSecretBox();
  const worker = await startTestWorker(models, box);
  const temporal = await connectTemporalClient();
  const connection = await models.Connection.create({
    ...sealConnection(
      {
        name: `${name} org`,
        loginUrl: emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      },
      box,
    ),
    syncSettings: settings,
  });
  const org = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
  await org.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  return {
    emulator,
    models,
    box,
    worker,
    temporal,
    connectionId: String(connection._id),
    org,
    async close() {
      await worker.stop();
      await temporal.close();
      await models.db.dropDatabase();
      await models.db.close();
      await emulator.close();
    },
  };
}

/** Starts a sync the way the API does and waits for the workflow; returns the finished run document. */
export async function runSync(f: Pick<SyncFixture, 'models' | 'temporal' | 'worker' | 'connectionId'>, request: SyncRequest) {
  const started = await startCrmAdminSync({ models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue }, f.connectionId, request);
  await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).result();
  const run = await f.models.Run.findById(started.runId).lean();
  if (!run) throw new Error('run document missing');
  return run;
}

/** Every record of an object as the org returns it through jsforce, with every non-compound field. */
export async function orgRecords(f: Pick<SyncFixture, 'org'>, object: SalesforceObject): Promise<Record<string, unknown>[]> {
  const describe = await f.org.sobject(object).describe();
  const fields = describe.fields.filter((x) => x.type !== 'address' && x.type !== 'location').map((x) => x.name);
  const result = await f.org.query<Record<string, unknown>>(`SELECT ${fields.join(', ')} FROM ${object}`, { autoFetch: true, maxFetch: 1_000_000 });
  return result.records.map(({ attributes: _attributes, ...rest }) => rest);
}

/** Asserts MongoDB holds exactly the org's records of every synced object, field by field. */
export async function expectMongoEqualsOrg(f: Pick<SyncFixture, 'org' | 'models' | 'connectionId'>, objects: readonly SalesforceObject[] = SALESFORCE_OBJECTS): Promise<void> {
  for (const object of objects) {
    const expected = await orgRecords(f, object);
    const stored = await f.models.crmRecords[object].find({ connectionId: f.connectionId }).lean();
    const storedById = new Map(stored.map((r) => [r.crmId, r]));
    expect({ object, count: stored.length }).toEqual({ object, count: expected.length });
    expect(storedById.size).toBe(stored.length);
    for (const record of expected) {
      const local = storedById.get(String(record.Id));
      expect({ object, id: record.Id, present: Boolean(local) }).toEqual({ object, id: record.Id, present: true });
      const localFields = Object.fromEntries(Object.keys(record).map((k) => [k, local?.fields[k] ?? null]));
      expect({ object, ...localFields }).toEqual({ object, ...record });
    }
  }
}

/** A fixed org time of day: day-counting formula fields change only when a test moves the clock by days. */
export function noonToday(): string {
  return `${new Date().toISOString().slice(0, 10)}T12:00:00Z`;
}

/** Seeded choices among the emulated org's record ids, for tests that change the org through jsforce. */
export function orgPicker(fixture: () => Pick<SyncFixture, 'emulator'>, seed: number) {
  const random = new Prng(seed);
  return {
    ids: (object: string) => fixture().emulator.store.list(object).map((r) => String(r.Id)),
    pick: <T>(items: T[], n: number): T[] => {
      const pool = [...items];
      return Array.from({ length: Math.min(n, pool.length) }, () => pool.splice(random.int(0, pool.length - 1), 1)[0] as T);
    },
  };
}
