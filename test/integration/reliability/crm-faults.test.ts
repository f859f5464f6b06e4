import type { FaultKind } from '../../../sf-emulator';
import { waitFor } from '../../harness/wait-for';
import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { byProfile, RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { org: { leads: 200, contacts: 600, accounts: 50, users: 4, opportunities: 100, campaigns: 3 }, rates: [0.2], crmChanges: 30, scored: 40 },
  long: { org: { leads: 1_000, contacts: 3_000, accounts: 300, users: 8, opportunities: 800, campaigns: 6 }, rates: [0, 0.05, 0.2], crmChanges: 150, scored: 250 },
});
/** Every fault a real org shows: rate limiting, expired sessions, outages, slowness, record locks and writes whose answer is lost. */
const FAULT_KINDS: FaultKind[] = ['REQUEST_LIMIT_EXCEEDED', 'INVALID_SESSION_ID', 'SERVER_ERROR', 'LATENCY', 'UNABLE_TO_LOCK_ROW', 'LOST_ANSWER'];
const DAILY_API_LIMIT = 100_000;

/**
 * CRM faults on 0 %, 5 % and 20 % of requests (and, for lock errors, of record writes): every
 * pipeline converges to the same result; reaching the API-limit reserve pauses the run cleanly with
 * a clear status and no write, and it finishes by itself once the quota recovers.
 */
describe(`reliability (${RELIABILITY_PROFILE}): CRM faults during a pipeline`, () => {
  let f: DurabilityFixture;

  beforeAll(async () => {
    f = await startDurabilityFixture({
      name: 'crmfaults',
      emulator: { seed: 77, org: SIZES.org, dailyApiLimit: DAILY_API_LIMIT },
      // Pages of 200 so each object takes several requests; an API-limit pause looks again after 1 s.
      syncSettings: { pageSize: 200, apiLimitPauseSeconds: 1 },
    });
  }, byProfile({ fast: 180_000, long: 600_000 }));
  afterAll(() => f?.close());

  it(`pipelines with ${SIZES.rates.map((r) => `${r * 100} %`).join(', ')} of CRM requests failing all converge`, async () => {
    const startedAt = Date.now();
    const runs: { ratePercent: number; status: string; seconds: number; apiCalls: number; injected: Record<string, number>; changedRecords: number; writes: number }[] = [];
    for (const [i, rate] of SIZES.rates.entries()) {
      const expected = await makeChanges(f, i + 1, { crmChanges: SIZES.crmChanges, scored: SIZES.scored });
      f.emulator.faults.resetInjectedCounts();
      if (rate > 0) {
        // One of each kind up front, so every kind is met whatever the random draw; then `rate` at random.
        for (const kind of FAULT_KINDS) f.emulator.faults.failNext(kind, 1);
        f.emulator.faults.set({ rate, kinds: FAULT_KINDS, latencyMs: 100, seed: 100 + i });
      }
      const started = Date.now();
      const run = await f.waitForRun(await f.startPipeline(i % 2 === 0 ? 'full' : 'incremental'), 600_000);
      f.emulator.faults.clear();
      // What the emulator injected, so the test cannot pass with faults silently off.
      const injected = f.emulator.faults.injectedCounts();
      const seconds = secondsSince(started);
      const apiCalls = f.emulator.stats.apiCalls;
      expect({ rate, status: run.status, error: run.error }).toEqual({ rate, status: 'succeeded', error: null });
      const report = await checkConvergence(f, expected);
      expect({ rate, ...report }).toEqual({ rate, ...convergedReport(expected) });
      expect({ rate, injected: FAULT_KINDS.filter((kind) => (injected[kind] ?? 0) > 0) }).toEqual({ rate, injected: rate > 0 ? FAULT_KINDS : [] });
      runs.push({ ratePercent: rate * 100, status: run.status, seconds, apiCalls, injected: { ...injected }, changedRecords: expected.scores.size, writes: report.writes });
    }
    writeFigures('crm-faults', { org: SIZES.org, kinds: FAULT_KINDS, runs, totalSeconds: secondsSince(startedAt) });
  }, byProfile({ fast: 5 * 60_000, long: 20 * 60_000 }));

  it('at the API-limit reserve the pipeline pauses with a clear status and writes nothing, then finishes by itself when the quota recovers', async () => {
    const expected = await makeChanges(f, 50, { crmChanges: SIZES.crmChanges, scored: SIZES.scored });
    // The org has used 95 % of its daily calls: below the 10 % reserve from the first call on.
    f.emulator.stats.apiCalls = Math.round(DAILY_API_LIMIT * 0.95);
    const runId = await f.startPipeline();
    const paused = await waitFor('the admin sync to pause', async () => {
      const pipeline = await f.models.Run.findById(runId, { counts: 1 }).lean();
      const admin = ((pipeline?.counts as { steps?: { id: string; runId?: string }[] } | undefined)?.steps ?? []).find((s) => s.id === 'crm-admin-sync');
      const run = admin?.runId ? await f.models.Run.findById(admin.runId, { status: 1, pausedReason: 1 }).lean() : null;
      return run?.status === 'paused' ? run : undefined;
    }, 120_000);
    expect(paused.pausedReason).toContain('API limit reserve reached');
    const shown = (await f.ops.get(`/api/v1/runs/${String(paused._id)}`).expect(200)).body;
    expect(shown).toMatchObject({ status: 'paused', pausedReason: expect.stringContaining('API limit reserve reached') });
    // While paused: no record written, and the pipeline has not gone on to the list syncs.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(f.emulator.stats.writesByRecordId.size).toBe(0);
    // The pipeline says it waits, and why: its own status is paused with the step's reason.
    const pipeline = (await f.ops.get(`/api/v1/runs/${runId}`).expect(200)).body;
    expect(pipeline).toMatchObject({ status: 'paused', pausedReason: expect.stringMatching(/^CRM Administration sync paused: API limit reserve reached/) });
    const pausedList = (await f.ops.get('/api/v1/runs?status=paused&perPage=50').expect(200)).body;
    expect(JSON.stringify(pausedList)).toContain(runId);
    expect(pipeline.counts.steps.filter((s: { kind: string; status: string }) => s.kind === 'list-sync' && s.status !== 'pending' && s.status !== 'waiting')).toEqual([]);

    // A new day: the org's usage counter starts again.
    f.emulator.stats.apiCalls = 0;
    const run = await f.waitForRun(runId, 180_000);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(await checkConvergence(f, expected)).toEqual(convergedReport(expected));
  }, 5 * 60_000);
});
