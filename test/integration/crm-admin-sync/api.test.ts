import { Connection as SfConnection } from 'jsforce';
import request from 'supertest';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import type { ConnectionMapping } from '../../../domain/mapping/mapping';
import type { Models } from '../../../domain/models';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { expectOneRunAndAtMostOneFollowUp } from '../runs/trigger-answers';
import { connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';

type Agent = Awaited<ReturnType<typeof signIn>>;
type RunJson = { id: string; status: string; counts: Record<string, Record<string, unknown>>; error: { message: string } | null };

const UNKNOWN_ID = '64b0000000000000000000aa';
const ORG = { leads: 40, contacts: 60, accounts: 15, users: 4, opportunities: 25, campaigns: 3 };

const MAPPING: ConnectionMapping = {
  entries: [
    { crmObject: 'Lead', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
    { crmObject: 'Contact', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
    { crmObject: 'Lead', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'score', type: 'Score' } },
    { crmObject: 'Contact', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'score', type: 'Score' } },
    { crmObject: 'Contact', crmField: 'Department', target: { kind: 'custom', name: 'backupEmail', type: 'Email' } },
  ],
  pushPolicy: { default: 'deny' },
};

/** The CRM Administration sync driven only through the JSON API, against a real worker and the emulated org. */
describe('CRM Administration sync through the JSON API', () => {
  let emulator: RunningEmulator;
  let worker: RunningTestWorker;
  let t: AppUnderTest;
  let models: Models;
  let org: SfConnection;
  let ops: Agent;
  let marketer: Agent;
  let adminToken: string;
  let opsToken: string;
  let connectionId: string;
  let badContactId: string;
  let fullRunId: string;

  const asToken = (token: string) => ({
    get: (url: string) => request(t.app).get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body?: unknown) => request(t.app).post(url).set('authorization', `Bearer ${token}`).send(body as object),
    put: (url: string, body: unknown) => request(t.app).put(url).set('authorization', `Bearer ${token}`).send(body as object),
  });
  const syncsUrl = () => `/api/v1/connections/${connectionId}/syncs`;

  async function waitForRun(runId: string, timeoutMs = 60_000): Promise<RunJson> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = (await asToken(opsToken).get(`/api/v1/runs/${runId}`).expect(200)).body as RunJson;
      if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Every record of an object as the org returns it through jsforce. */
  async function orgQuery(soql: string): Promise<Record<string, unknown>[]> {
    return (await org.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 100_000 })).records;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 21, org: ORG });
    models = await connectTestModels('syncapi');
    const box = testSecretBox();
    worker = await startTestWorker(models, box);
    t = await buildTestApp('syncapi', { models, box, taskQueue: worker.taskQueue });
    const admin = await signIn(t.app, await createUser(models, 'admin'));
    ops = await signIn(t.app, await createUser(models, 'ops'));
    marketer = await signIn(t.app, await createUser(models, 'marketer'));
    const token = async (role: string) =>
      (await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name: `${role} automation`, role }).expect(201)).body.token as string;
    adminToken = await token('admin');
    opsToken = await token('ops');
    org = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
    await org.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  });

  afterAll(async () => {
    await worker?.stop();
    await models?.db.dropDatabase();
    await models?.db.close();
    await t?.close();
    await emulator?.close();
  });

  it('an admin token creates a connection to the emulated org and saves a valid mapping', async () => {
    const created = await asToken(adminToken)
      .post('/api/v1/connections', {
        name: 'API org',
        loginUrl: emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      })
      .expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    connectionId = created.body.id;
    const saved = await asToken(adminToken).put(`/api/v1/connections/${connectionId}/mapping`, MAPPING).expect(200);
    expect(saved.body).toEqual({ mapping: MAPPING, fullSyncRequired: ['Lead', 'Contact'] });
  });

  describe('a refused trigger starts nothing', () => {
    afterEach(async () => expect(await models.Run.countDocuments({ connectionId })).toBe(0));

    it('an unknown mode is a 400 naming mode', async () => {
      const res = await asToken(opsToken).post(syncsUrl(), { mode: 'sometimes' }).expect(400);
      expect(res.body.error.message).toContain('body.mode');
      expect(res.body.error.details).toEqual([{ path: 'body.mode', message: "mode must be 'incremental' or 'full'" }]);
    });

    it('an unknown key or a wrongly typed option is a 400 naming it', async () => {
      const unknown = await asToken(opsToken).post(syncsUrl(), { mode: 'full', force: true }).expect(400);
      expect(unknown.body.error.message).toContain('force');
      const typed = await asToken(opsToken).post(syncsUrl(), { mode: 'full', driftCheck: 'yes' }).expect(400);
      expect(typed.body.error.details).toEqual([expect.objectContaining({ path: 'body.driftCheck' })]);
    });

    it('an unknown or malformed connection id is a 404', async () => {
      await asToken(opsToken).post(`/api/v1/connections/${UNKNOWN_ID}/syncs`, { mode: 'full' }).expect(404);
      await asToken(opsToken).post('/api/v1/connections/not-an-id/syncs', { mode: 'full' }).expect(404);
      expect(await models.Run.countDocuments()).toBe(0);
    });

    it('a marketer may not trigger a sync, with a session or without the CSRF token', async () => {
      await marketer.agent.post(syncsUrl()).set('x-csrf-token', marketer.csrf).send({ mode: 'full' }).expect(403);
      await ops.agent.post(syncsUrl()).send({ mode: 'full' }).expect(403);
    });
  });

  it('a full sync started with an ops token succeeds, counts every object and reports the uncoercible value', async () => {
    const [contact] = await orgQuery('SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    badContactId = String(contact?.Id);
    await org.sobject('Contact').update({ Id: badContactId, Department: 'n/a' });

    const started = await asToken(opsToken).post(syncsUrl(), { mode: 'full' }).expect(202);
    expect(started.body).toEqual({ runId: expect.stringMatching(/^[0-9a-f]{24}$/), joined: false });
    fullRunId = started.body.runId;
    const run = await waitForRun(fullRunId);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    // In the order the sync ran them, parents first.
    expect(Object.keys(run.counts)).toEqual([...SALESFORCE_OBJECTS]);
    for (const object of SALESFORCE_OBJECTS) {
      const count = emulator.store.count(object);
      expect({ object, ...run.counts[object] }).toMatchObject({
        object,
        mode: 'full',
        reason: expect.any(String),
        fetched: count,
        inserted: count,
        updated: 0,
        deleted: 0,
        watermarkAfter: expect.objectContaining({ stamp: expect.any(String) }),
      });
    }
    expect(run.counts.Contact?.errors).toBeGreaterThanOrEqual(1);

    const errors = await asToken(opsToken).get(`/api/v1/runs/${fullRunId}/errors?perPage=200`).expect(200);
    expect(errors.body.errors).toContainEqual({
      object: 'Contact',
      recordId: badContactId,
      field: 'backupEmail',
      crmField: 'Department',
      rawValue: 'n/a',
      reason: expect.stringContaining('not a valid email address'),
    });
    expect(errors.body.page.total).toBe(run.counts.Contact?.errors);

    const page = await ops.agent.get(`/runs/${fullRunId}`).expect(200);
    expect(page.text).toContain('data-status="succeeded"');
    const table = page.text.slice(page.text.indexOf('id="run-errors"'), page.text.indexOf('</table>', page.text.indexOf('id="run-errors"')));
    expect(table).toContain(`<code>${badContactId}</code>`);
    expect(table).toContain('backupEmail <span class="muted">← Department</span>');
    expect(table).toContain('<code>n/a</code>');

    // The connection page keeps counting the contact with the bad value, whichever run found it.
    const connectionPage = await ops.agent.get(`/connections/${connectionId}`).expect(200);
    expect(connectionPage.text).toMatch(/<strong>1<\/strong> with values that could not be converted/);
  });

  it('the connection shows every object with the org\'s record count and a full last sync', async () => {
    const run = (await asToken(opsToken).get(`/api/v1/runs/${fullRunId}`).expect(200)).body as { startedAt: string; finishedAt: string };
    const res = await asToken(opsToken).get(`/api/v1/connections/${connectionId}`).expect(200);
    expect(res.body.id).toBe(connectionId);
    expect(res.body.objects.map((o: { object: string }) => o.object)).toEqual([...SALESFORCE_OBJECTS]);
    for (const o of res.body.objects as { object: string; recordCount: number; lastSyncMode: string; lastSyncAt: string; lastFullSyncAt: string; nextFullSyncAt: string }[]) {
      const [{ expr0: orgCount } = { expr0: -1 }] = (await org.query<{ expr0: number }>(`SELECT COUNT(Id) FROM ${o.object}`)).records;
      expect({ object: o.object, recordCount: o.recordCount, lastSyncMode: o.lastSyncMode }).toEqual({ object: o.object, recordCount: orgCount, lastSyncMode: 'full' });
      expect(o.recordCount).toBe(emulator.store.count(o.object));
      // A full sync is fresh as of the moment it started reading; the object finished later.
      const fullAt = new Date(o.lastFullSyncAt).getTime();
      expect(fullAt).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
      expect(fullAt).toBeLessThanOrEqual(new Date(o.lastSyncAt).getTime());
      expect(new Date(o.lastSyncAt).getTime()).toBeLessThanOrEqual(new Date(run.finishedAt).getTime());
      expect(new Date(o.nextFullSyncAt).getTime()).toBe(fullAt + 14 * 86_400_000);
    }
  });

  it('the contact views hold one document per Lead and Contact, with its email, opportunities and campaigns as the org has them', async () => {
    const people = [...(await orgQuery('SELECT Id, Email FROM Lead')), ...(await orgQuery('SELECT Id, Email FROM Contact'))];
    const roles = await orgQuery('SELECT ContactId, OpportunityId FROM OpportunityContactRole');
    const members = await orgQuery('SELECT LeadId, ContactId, CampaignId FROM CampaignMember');
    const setOf = (pairs: [unknown, unknown][], personId: string) => [...new Set(pairs.filter(([p]) => p === personId).map(([, x]) => String(x)))].sort();

    const views = await models.ContactView.find({ connectionId }).lean();
    expect(views).toHaveLength(people.length);
    const byCrmId = new Map(views.map((v) => [v.crmId, v]));
    expect(byCrmId.size).toBe(people.length);
    for (const person of people) {
      const id = String(person.Id);
      const view = byCrmId.get(id);
      expect({ id, present: Boolean(view) }).toEqual({ id, present: true });
      expect({ id, type: view?.type, email: view?.values.email }).toEqual({ id, type: person.attributes && (person.attributes as { type: string }).type, email: person.Email ?? null });
      expect({ id, opportunityIds: [...(view?.opportunityIds ?? [])].sort() }).toEqual({
        id,
        opportunityIds: setOf(roles.map((r) => [r.ContactId, r.OpportunityId]), id),
      });
      expect({ id, campaignIds: [...(view?.campaignIds ?? [])].sort() }).toEqual({
        id,
        campaignIds: setOf(members.map((m) => [m.ContactId ?? m.LeadId, m.CampaignId]), id),
      });
    }
    // The bad value is reported on the view too, and not stored as the field's value.
    const bad = byCrmId.get(badContactId);
    expect(bad?.valueErrors).toEqual([{ field: 'backupEmail', crmField: 'Department', rawValue: 'n/a', reason: expect.any(String) }]);
    expect(bad?.values).not.toHaveProperty('backupEmail');
  });

  it('a second trigger while a sync runs joins it, or is queued behind it once it reads: never two runs of the connection at once', async () => {
    const running = new Set<string>();
    let overlap = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const active = await models.Run.find({ connectionId, status: { $in: ['running', 'paused'] } }, { _id: 1 }).lean();
        if (active.length > 1) overlap = true;
        for (const r of active) running.add(String(r._id));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const [first, second] = await Promise.all([
      asToken(opsToken).post(syncsUrl(), { mode: 'full' }).expect(202),
      ops.agent.post(syncsUrl()).set('x-csrf-token', ops.csrf).send({ mode: 'full' }).expect(202),
    ]);
    // One started the sync; the other joined it, or, if it had already started reading, was queued behind it.
    const { started: startedId, followUp } = expectOneRunAndAtMostOneFollowUp([first.body, second.body]);
    const runIds = [startedId, ...(followUp ? [followUp] : [])];
    const run = await waitForRun(runIds[0]);
    if (followUp) expect((await waitForRun(followUp)).status).toBe('succeeded');
    watching = false;
    await watch;
    expect(run.status).toBe('succeeded');
    expect(overlap).toBe(false);
    // Nothing changed, so no contact view was rebuilt: the page must not claim every value converted.
    const page = await ops.agent.get(`/runs/${runIds[0]}`).expect(200);
    expect(page.text).toContain('No contact view was rebuilt in this run');
    expect(page.text).not.toContain('could be converted to its type');
    // A joining trigger left no run behind: the full sync before, this one, and a follow-up only if one was queued.
    const runs = await models.Run.find({ connectionId }, { _id: 1 }).lean();
    expect(runs.map((r) => String(r._id)).sort()).toEqual([fullRunId, ...runIds].sort());
    const audit = await models.AuditEntry.find({ action: { $in: ['triggered-run', 'joined-run'] }, 'target.id': { $in: runIds } }).lean();
    expect(audit.map((a) => a.action).sort()).toEqual(followUp ? ['triggered-run', 'triggered-run'] : ['joined-run', 'triggered-run']);
  });
});
