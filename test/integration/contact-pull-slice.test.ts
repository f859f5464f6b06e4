import type { Client } from '@temporalio/client';
import { Connection as SfConnection } from 'jsforce';
import { sealConnection } from '../../domain/connections/connection-secrets';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../sf-emulator';
import { contactPullWorkflowId } from '../../workflows/contract';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../harness/app-under-test';
import { connectTemporalClient, connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../harness/services';

async function orgConnection(emulator: RunningEmulator) {
  const conn = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
  await conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  return conn;
}

/** Reads every Contact of the emulated org through jsforce: the truth MongoDB must equal. */
async function orgContacts(emulator: RunningEmulator) {
  const conn = await orgConnection(emulator);
  const result = await conn.query<Record<string, unknown>>('SELECT Id, Email, LastName, AccountId FROM Contact', { autoFetch: true, maxFetch: 100_000 });
  return result.records;
}

describe('the contact-pull slice: API → workflow → jsforce → MongoDB → runs page', () => {
  let emulator: RunningEmulator;
  let models: Models;
  let box: SecretBox;
  let worker: RunningTestWorker;
  let temporal: { client: Client; close(): Promise<void> };
  let t: AppUnderTest;
  let ops: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 7,
      // 450 contacts at 200 a page: the pull must follow nextRecordsUrl across three pages.
      defaultBatchSize: 200,
      org: { leads: 20, contacts: 450, accounts: 60, users: 4, opportunities: 40, campaigns: 2 },
    });
    models = await connectTestModels('slice');
    box = testSecretBox();
    worker = await startTestWorker(models, box);
    temporal = await connectTemporalClient();
    t = await buildTestApp('slice', { models, box, taskQueue: worker.taskQueue });
    ops = await signIn(t.app, await createUser(models, 'ops'));
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await temporal?.close();
    await models?.db.dropDatabase();
    await models?.db.close();
    await emulator?.close();
  });

  async function expectDatabaseEqualsOrg(connectionId: string, size: number) {
    const expected = await orgContacts(emulator);
    expect(expected.length).toBe(size);
    const stored = await models.CrmRecord.find({ connectionId, object: 'Contact' }).lean();
    expect(stored.length).toBe(expected.length);
    const storedById = new Map(stored.map((r) => [r.crmId, r.fields as Record<string, unknown>]));
    for (const contact of expected) {
      const fields = storedById.get(String(contact.Id));
      expect(fields).toBeDefined();
      expect(fields?.Email ?? null).toEqual(contact.Email ?? null);
      expect(fields?.LastName).toEqual(contact.LastName);
      expect(fields?.AccountId ?? null).toEqual(contact.AccountId ?? null);
    }
  }

  async function createConnection(password: string): Promise<string> {
    const doc = await models.Connection.create(
      sealConnection(
        {
          name: 'Emulated org',
          loginUrl: emulator.url,
          auth: { type: 'password', username: DEMO_CREDENTIALS.username, password, securityToken: DEMO_CREDENTIALS.securityToken },
        },
        box,
      ),
    );
    return String(doc._id);
  }

  it('stores every Contact of the org in MongoDB and records a succeeded run that the runs page lists', async () => {
    const connectionId = await createConnection(DEMO_CREDENTIALS.password);
    const started = await ops.agent.post(`/api/v1/connections/${connectionId}/contact-pulls`).set('x-csrf-token', ops.csrf).expect(202);
    expect(started.body).toEqual({ runId: expect.any(String), joined: false });

    await temporal.client.workflow.getHandle(contactPullWorkflowId(connectionId)).result();

    await expectDatabaseEqualsOrg(connectionId, 450);

    const run = await ops.agent.get(`/api/v1/runs/${started.body.runId}`).expect(200);
    expect(run.body).toMatchObject({ status: 'succeeded', kind: 'contact-pull', counts: { Contact: { fetched: 450, inserted: 450, updated: 0, unchanged: 0 } } });
    // 450 records at 200 a page: three query calls, no more.
    expect(run.body.apiCalls).toBe(3);

    const page = await ops.agent.get('/runs').expect(200);
    expect(page.text).toContain(`data-run-id="${started.body.runId}"`);
    expect(page.text).toContain('succeeded');
  });

  it('pulling again writes exactly the contacts edited in the CRM, and no duplicates', async () => {
    const connectionId = String((await models.Connection.findOne({ name: 'Emulated org' }).lean())?._id);
    const conn = await orgConnection(emulator);
    const some = (await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id LIMIT 3')).records;
    const results = await conn.sobject('Contact').update(some.map((c, i) => ({ Id: c.Id, LastName: `Renamed-${i}` })));
    expect(results.every((r) => r.success)).toBe(true);

    const again = await ops.agent.post(`/api/v1/connections/${connectionId}/contact-pulls`).set('x-csrf-token', ops.csrf).expect(202);
    await temporal.client.workflow.getHandle(contactPullWorkflowId(connectionId)).result();
    const run = await ops.agent.get(`/api/v1/runs/${again.body.runId}`).expect(200);
    expect(run.body.counts.Contact).toEqual({ fetched: 450, inserted: 0, updated: 3, unchanged: 447 });
    await expectDatabaseEqualsOrg(connectionId, 450);
  });

  it('a wrong password fails the run at once with the CRM\'s own message, and the password is in no workflow history', async () => {
    const wrongPassword = 'definitely-wrong-PW-123';
    const connectionId = await createConnection(wrongPassword);
    const started = await ops.agent.post(`/api/v1/connections/${connectionId}/contact-pulls`).set('x-csrf-token', ops.csrf).expect(202);
    const handle = temporal.client.workflow.getHandle(contactPullWorkflowId(connectionId));
    await expect(handle.result()).rejects.toThrow();

    const run = await ops.agent.get(`/api/v1/runs/${started.body.runId}`).expect(200);
    expect(run.body.status).toBe('failed');
    expect(run.body.error.message).toMatch(/INVALID_LOGIN|authentication/i);

    const history = JSON.stringify(await handle.fetchHistory());
    expect(history).not.toContain(wrongPassword);
    expect(history).not.toContain(DEMO_CREDENTIALS.securityToken);
  });

  it('a trigger for a connection that does not exist gets a 404 that names it', async () => {
    const res = await ops.agent.post('/api/v1/connections/64b000000000000000000000/contact-pulls').set('x-csrf-token', ops.csrf).expect(404);
    expect(res.body.error.message).toContain('64b000000000000000000000');
    await ops.agent.post('/api/v1/connections/not-an-id/contact-pulls').set('x-csrf-token', ops.csrf).expect(404);
  });

  it('a malformed run filter gets a 400 naming the field, never a 500', async () => {
    const res = await ops.agent.get('/api/v1/runs?status=exploded').expect(400);
    expect(res.body.error.message).toContain('status');
    await ops.agent.get('/api/v1/runs/zzz').expect(400);
  });
});
