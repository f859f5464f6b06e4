import { waitFor } from '../../harness/wait-for';
import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startSalesforceDurabilityFixture, type SalesforceDurabilityFixture } from './support/durability-fixture';
import { RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

const ORG = { leads: 100, contacts: 300, accounts: 30, users: 3, opportunities: 40, campaigns: 2 };
const SCORED = 60;
/**
 * The emulator processes one row of an ingest job every 800 ms, so the 60-row job outlives the
 * list sync's 30-second heartbeat timeout: the retry starts while the dead attempt's job still runs.
 */
const BULK = { bulkChunkSize: 1, bulkProcessingDelayMs: 800 };

/**
 * A worker SIGKILLed while the Bulk API job of its list push is being processed. The retried push
 * must first let that job end (it keeps writing after the worker is gone), then read the records back;
 * otherwise it pushes again what the job had not reached yet, and those records are written twice.
 */
describe(`reliability (${RELIABILITY_PROFILE}): a worker killed during a bulk push`, () => {
  let f: SalesforceDurabilityFixture;

  beforeAll(async () => {
    f = await startSalesforceDurabilityFixture({ name: 'bulkcrash', emulator: { seed: 83, org: ORG, ...BULK } });
    // The Contacts list pushes through the Bulk API from 10 changed records on.
    await f.marketer.put(`/api/v1/lists/${f.listIds.contacts}/sync-settings`, { bulkThreshold: 10 }).expect(200);
  }, 240_000);
  afterAll(() => f?.close());

  it('the retried push waits for the dead attempt\'s job, and every changed record is written exactly once', async () => {
    const startedAt = Date.now();
    const expected = await makeChanges(f, 1, { crmChanges: 20, scored: SCORED });
    const contactIds = [...expected.scores].filter(([, s]) => s.type === 'Contact').map(([id]) => id);
    const runId = await f.startPipeline();
    // The job's upload is closed: it is processing, one row at a time.
    await waitFor('the bulk push job to be closed', async () => ((f.emulator.stats.byEndpoint['bulk2.ingest.state'] ?? 0) >= 1 ? true : undefined), 180_000);
    await f.workers[0].kill('SIGKILL');
    const writtenAtKill = contactIds.filter((id) => f.emulator.stats.writesByRecordId.has(id)).length;
    await f.startWorker();

    const run = await f.waitForRun(runId, 300_000);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    // The kill really hit a running job: most of its records were not written yet.
    expect(writtenAtKill).toBeLessThan(contactIds.length);
    expect(await checkConvergence(f, expected)).toEqual(convergedReport(expected));
    const listRuns = await f.models.Run.find({ kind: 'list-sync', listId: f.listIds.contacts }, { counts: 1 }).sort({ createdAt: -1 }).limit(1).lean();
    // The run reports each record pushed once, across the dead attempt and the retry.
    expect((listRuns[0]?.counts as { push?: unknown } | undefined)?.push).toMatchObject({ path: 'bulk', pushed: contactIds.length, failed: 0, candidates: contactIds.length });
    writeFigures('bulk-push-crash', { org: ORG, contactsPushed: contactIds.length, writtenAtKill, bulkJobs: f.emulator.stats.byEndpoint['bulk2.ingest.create'] ?? 0, seconds: secondsSince(startedAt) });
  }, 10 * 60_000);
});
