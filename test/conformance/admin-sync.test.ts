import { decodeTimeoutType } from '@temporalio/common';
import { checkpointKey, type PullCheckpoint } from '../../activities/crm-admin-sync/checkpoint';
import { crmAdminSyncWorkflowId } from '../../contract';
import { objectModel, syncedObjectNames } from '../../domain/crm/crm-model';
import { waitFor } from '../harness/wait-for';
import { noonToday } from '../integration/crm-admin-sync/sync-fixture';
import { startConformanceFixture, type ConformanceFixture, type RunJson } from './kit/conformance-fixture';
import { changedCount, makeOrgChanges } from './kit/org-changes';
import { localCopyDifferences } from './kit/org-equality';
import { REQUEST_FAULT_KINDS } from './target';
import { conformanceTargets } from './targets';

type ObjectCounts = { mode: string; fetched: number; inserted: number; updated: number; deleted: number; unchanged: number; drift?: { removed: number } };
const countsOf = (run: RunJson, object: string) => (run.counts as Record<string, ObjectCounts | undefined>)[object];
const TEN_MINUTES = 10 * 60_000;
const PAGE_SIZE = 200;

/**
 * The CRM Administration sync part of the connector conformance kit: what every CRM's connector
 * must do for the sync to keep crm-sync's copy equal to the org. Driven through the API, with a
 * worker process, against the CRM's emulator.
 */
describe.each(conformanceTargets())('conformance: $label CRM Administration sync', (target) => {
  let f: ConformanceFixture;
  const objects = () => syncedObjectNames(f.model);
  const contactObject = () => f.model.people.Contact.object;

  beforeAll(async () => {
    f = await startConformanceFixture(target, 'conf_sync', { seed: 11, people: 400 });
    // A frozen org clock at noon: each round of changes shares one modification stamp, calculated
    // day counts cannot tick over, and the clock moves past any overlap window between rounds.
    f.org.setClock(noonToday());
  }, 240_000);
  afterAll(() => f?.close());

  it('1. a full sync makes the local copy equal the org, field by field, for every synced object', async () => {
    f.org.stats.reset();
    const run = await f.sync({ mode: 'full' });
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    // The run reports the calls the CRM counted.
    expect(run.apiCalls).toBe(f.org.stats.apiCalls());
    for (const object of objects()) expect({ object, mode: countsOf(run, object)?.mode }).toEqual({ object, mode: 'full' });
    expect(await localCopyDifferences(f)).toEqual([]);
  });

  it('2. random inserts, updates and deletes, then an incremental sync: the copy converges, at a cost in proportion to the change', async () => {
    f.org.advanceClock(TEN_MINUTES);
    const quiet = await f.sync({ mode: 'incremental' });
    expect(quiet.status).toBe('succeeded');
    for (const object of objects()) expect({ object, ...countsOf(quiet, object) }).toMatchObject({ object, mode: 'incremental', inserted: 0, updated: 0, deleted: 0 });

    f.org.advanceClock(TEN_MINUTES);
    const changes = makeOrgChanges(f.org, f.model, 5, 'Round 2');
    const run = await f.sync({ mode: 'incremental' });
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(await localCopyDifferences(f, { incremental: true })).toEqual([]);
    for (const { object } of Object.values(f.model.people)) {
      const expected = { inserted: changes.inserted[object].length, updated: changes.edited[object].length, deleted: changes.deleted[object].length };
      expect({ object, ...countsOf(run, object) }).toMatchObject({ object, mode: 'incremental', ...expected });
    }
    // Only the changed records (and the few an overlap window reads again) are fetched, not the org.
    for (const object of objects()) {
      const counts = countsOf(run, object);
      expect({ object, fetchedBeyondChanges: Math.max(0, (counts?.fetched ?? 0) - changedCount(changes, object)) <= 10 }).toEqual({ object, fetchedBeyondChanges: true });
    }
    const fetched = (r: RunJson) => objects().reduce((sum, object) => sum + (countsOf(r, object)?.fetched ?? 0), 0);
    expect(fetched(run)).toBeLessThan(fetched(f.firstSync) / 10);
    // Calls: a quiet incremental sync's fixed cost per object (whatever the org size), plus a page
    // per page-size of changes. (In an org this small the fixed cost is about a full sync's.) An
    // object its model says is read through its parent's changed records (a Sugar opportunity's
    // contacts) also reads the links of each page of changed parents, a call the quiet sync, with no
    // changed parent, never makes: the model declares it, so a CRM that declares nothing keeps this budget.
    const readThroughPages = (object: string) => {
      const parent = objectModel(f.model, object)?.readThrough;
      return parent ? Math.ceil(changedCount(changes, parent) / PAGE_SIZE) : 0;
    };
    const extraPages = objects().reduce((sum, object) => sum + Math.floor(changedCount(changes, object) / PAGE_SIZE) + readThroughPages(object), 0);
    expect(run.apiCalls).toBeLessThanOrEqual(quiet.apiCalls + extraPages);
  });

  it('3. records sharing one modification stamp across a page boundary are all read, and one touched at the watermark stamp is not skipped', async () => {
    f.org.advanceClock(TEN_MINUTES);
    const quiet = await f.sync({ mode: 'incremental' });
    f.org.advanceClock(TEN_MINUTES);
    const object = contactObject();
    const listSource = f.org.listSourceIds()[0];
    // One and a half pages of people, each joining a list, in one org second.
    const added = Array.from({ length: PAGE_SIZE + PAGE_SIZE / 2 }, (_, i) => f.org.insertPerson('Contact', `Same stamp ${i}`));
    for (const id of added) f.org.addListMember(listSource, { type: 'Contact', id });
    const stampField = objectModel(f.model, object)?.stampField as string;
    const stamps = new Set((await f.org.records(object)).filter((r) => added.includes(String(r[f.org.idField(object)]))).map((r) => String(r[stampField])));
    expect(stamps.size).toBe(1);

    const run = await f.sync({ mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    expect(countsOf(run, object)).toMatchObject({ inserted: added.length });
    expect(countsOf(run, f.model.membership.object)).toMatchObject({ inserted: added.length });
    expect(await localCopyDifferences(f, { objects: [object, f.model.membership.object], incremental: true })).toEqual([]);
    // Two objects each with a page and a half more than a quiet sync reads.
    expect(run.apiCalls).toBeLessThanOrEqual(quiet.apiCalls + 2 * Math.floor(added.length / PAGE_SIZE));

    // Same stamp as the watermark, lowest id: an update after the sync must still be read.
    const lowest = [...added].sort()[0];
    f.org.editRecord(object, lowest, 'Touched at the watermark stamp');
    const again = await f.sync({ mode: 'incremental' });
    expect(countsOf(again, object)).toMatchObject({ updated: 1 });
    expect(await localCopyDifferences(f, { objects: [object], incremental: true })).toEqual([]);
  });

  it('4. deleted records are removed by an incremental sync, and records hard-deleted without a trace by the drift check', async () => {
    f.org.advanceClock(TEN_MINUTES);
    const people = Object.values(f.model.people).map((p) => p.object);
    const deleted = people.map((object) => ({ object, id: f.org.ids(object)[1] }));
    for (const { object, id } of deleted) f.org.deleteRecord(object, id);
    const run = await f.sync({ mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    for (const { object, id } of deleted) expect({ object, id, local: (await f.localRecords(object)).some((r) => r.crmId === id) }).toEqual({ object, id, local: false });
    expect(await localCopyDifferences(f, { incremental: true })).toEqual([]);

    f.org.advanceClock(TEN_MINUTES);
    const vanished = [...people, f.model.membership.object].map((object) => ({ object, ids: f.org.ids(object).slice(2, 4) }));
    for (const { object, ids } of vanished) for (const id of ids) f.org.hardDeleteRecord(object, id);
    const drift = await f.sync({ mode: 'incremental', driftCheck: true });
    expect(drift.status).toBe('succeeded');
    for (const { object, ids } of vanished) expect({ object, removed: (countsOf(drift, object)?.drift?.removed ?? 0) >= ids.length }).toEqual({ object, removed: true });
    expect(await localCopyDifferences(f, { incremental: true })).toEqual([]);
  });

  it('5. a worker SIGKILLed in the middle of a full sync: its replacement resumes from the checkpoint and the copy converges', async () => {
    f.org.advanceClock(TEN_MINUTES);
    const object = contactObject();
    const people = f.org.ids(object).length;
    const pages = Math.floor(people / PAGE_SIZE) + 1;
    // Every call slowed down, so the kill lands while the person pages are read.
    f.org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: 300, seed: 1 });
    const started = await f.api('ops').post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'full' }).expect(202);
    const runId = String(started.body.runId);
    const atKill = await waitFor(`a stored ${object} page`, async () => {
      const run = await f.models.Run.findById(runId, { checkpoints: 1 }).lean();
      const checkpoint = (run?.checkpoints as Record<string, PullCheckpoint> | undefined)?.[checkpointKey(object, 'full')];
      return checkpoint && checkpoint.pages >= 1 ? checkpoint : undefined;
    });
    const victim = f.workers[f.workers.length - 1];
    await victim.kill('SIGKILL');
    expect(atKill.done).toBe(false);
    await f.startWorker();
    const run = await f.waitForRun(runId);
    f.org.faults.clear();
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    // Resumed, not restarted: every person fetched once, give or take the page in flight at the kill.
    expect(countsOf(run, object)?.fetched).toBe(people);
    const history = await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).fetchHistory();
    const retried = (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried.map((e) => decodeTimeoutType(e.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo?.timeoutType))).toEqual(['HEARTBEAT']);
    expect(pages).toBeGreaterThan(atKill.pages);
    expect(await localCopyDifferences(f)).toEqual([]);
  });

  it('6. an incremental sync under injected faults (quota with retry-after, expired auth, 5xx, latency) converges', async () => {
    f.org.advanceClock(TEN_MINUTES);
    makeOrgChanges(f.org, f.model, 6, 'Round 6');
    f.org.faults.resetInjected();
    for (const kind of REQUEST_FAULT_KINDS) f.org.faults.failNext(kind, 1);
    f.org.faults.set({ rate: 0.15, kinds: REQUEST_FAULT_KINDS, latencyMs: 40, seed: 6 });
    const run = await f.sync({ mode: 'incremental' }).finally(() => f.org.faults.clear());
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const injected = f.org.faults.injected();
    expect(REQUEST_FAULT_KINDS.filter((kind) => !injected[kind])).toEqual([]);
    expect(await localCopyDifferences(f, { incremental: true })).toEqual([]);
  });
});
