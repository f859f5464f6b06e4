import { startCrmAdminSync } from '../../../api/services/run-starter';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

type Counts = Record<string, { fetched: number; inserted: number; unchanged: number; readPath?: string; bulkRestarts?: number; lastBulkRestart?: { reason: string } }>;

/** 3,000 Contacts, the one object above the bulk threshold, read in 6 results pages of 500. */
const ORG = { leads: 300, contacts: 3_000, accounts: 200, users: 5, opportunities: 0, campaigns: 0 };
const RESULTS_PAGE = 500;
/** Every CRM call slowed down, so the Contact read takes seconds and a test can act between its pages. */
const CALL_LATENCY_MS = 150;

describe('CRM Administration sync: a bulk read whose query job is lost starts over with a new job', () => {
  let f: SyncFixture;
  const createdJobs = () => f.emulator.stats.byEndpoint['bulk2.query.create'] ?? 0;

  beforeAll(async () => {
    f = await startSyncFixture('bulkrestart', { seed: 23, org: ORG, bulkQueryPageSize: RESULTS_PAGE }, { bulkQueryThreshold: 1_500 });
  });
  afterEach(() => f.emulator.faults.clear());
  afterAll(() => f?.close());

  it('a query job deleted between two results pages is replaced; MongoDB ends equal to the org, and the run shows the restart', async () => {
    f.emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: CALL_LATENCY_MS });
    const { runId } = await startCrmAdminSync({ models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue }, f.connectionId, { mode: 'full' });

    const atDelete = await waitFor('the first stored page of the Contact bulk read', async () => {
      const run = await f.models.Run.findById(runId, { checkpoints: 1 }).lean();
      const checkpoint = (run?.checkpoints as Record<string, PullCheckpoint> | undefined)?.['Contact-full'];
      return checkpoint?.bulk && checkpoint.pages >= 1 ? checkpoint : undefined;
    });
    const lostJob = atDelete.bulk!.jobId;
    // A Contact the lost job already stored leaves the org before the new job runs: the new job's pages alone decide what is removed.
    const storedThenDeleted = (await f.models.crmRecords.Contact.findOne({ connectionId: f.connectionId }, { crmId: 1 }).lean())!.crmId;
    f.emulator.store.delete('Contact', storedThenDeleted);
    await f.org.request({ method: 'DELETE', url: `/services/data/v59.0/jobs/query/${lostJob}` });
    expect(atDelete.done).toBe(false);

    await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).result();
    f.emulator.faults.clear();
    const run = (await f.models.Run.findById(runId).lean())!;
    expect(run.status).toBe('succeeded');
    const contact = (run.counts as Counts).Contact;
    expect(contact).toMatchObject({ readPath: 'bulk', bulkRestarts: 1 });
    expect(contact.lastBulkRestart?.reason).toContain(`${lostJob} no longer exists (NOT_FOUND`);
    // The first sync inserts every Contact once; the lost job's records came back unchanged from the new one.
    expect(contact.inserted).toBe(ORG.contacts);
    expect(contact.fetched).toBe(ORG.contacts + contact.unchanged);
    expect(contact.unchanged).toBeGreaterThanOrEqual(RESULTS_PAGE - 1);
    const checkpoint = (run.checkpoints as Record<string, PullCheckpoint>)['Contact-full'];
    expect(checkpoint).toMatchObject({ done: true, bulkRestarts: 1 });
    expect(checkpoint.bulk?.jobId).not.toBe(lostJob);
    expect(createdJobs()).toBe(2);

    await expectMongoEqualsOrg(f);
    expect(await f.models.crmRecords.Contact.countDocuments({ connectionId: f.connectionId, crmId: storedThenDeleted })).toBe(0);
    expect(await f.models.SeenIds.countDocuments({ runId })).toBe(0);
  });

  it('a query job that ends Failed is replaced by a new one', async () => {
    const jobsBefore = createdJobs();
    f.emulator.faults.failNextQueryJobs(1, 'QUERY_TIMEOUT: Your query request was running for too long.');
    const run = await runSync(f, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    const contact = (run.counts as Counts).Contact;
    expect(contact).toMatchObject({ readPath: 'bulk', bulkRestarts: 1, fetched: ORG.contacts - 1, inserted: 0, unchanged: ORG.contacts - 1 });
    expect(contact.lastBulkRestart?.reason).toMatch(/^Bulk API query job \w+ is Failed: QUERY_TIMEOUT: Your query request was running for too long\.$/);
    expect(createdJobs() - jobsBefore).toBe(2);
    await expectMongoEqualsOrg(f);
  });

  it('past 3 new jobs the run fails with a message naming the object and the last job state', async () => {
    const jobsBefore = createdJobs();
    f.emulator.faults.failNextQueryJobs(4, 'QUERY_TIMEOUT: Your query request was running for too long.');
    const { runId } = await startCrmAdminSync({ models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue }, f.connectionId, { mode: 'full' });
    await expect(f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).result()).rejects.toThrow();
    const run = (await f.models.Run.findById(runId).lean())!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ type: 'CrmBulkReadFailed' });
    expect(run.error?.message).toMatch(/^The bulk read of Contact lost its query job 4 times in this run \(3 new jobs allowed\); the last one: Bulk API query job \w+ is Failed: QUERY_TIMEOUT/);
    expect((run.counts as Counts).Contact?.bulkRestarts).toBe(3);
    expect(createdJobs() - jobsBefore).toBe(4);
  });
});
