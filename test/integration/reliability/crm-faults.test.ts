import { FAULT_KINDS } from '../../conformance/target';
import { conformanceTargets } from '../../conformance/targets';
import { crmModel } from '../../../domain/crm/crm-registry';
import { waitFor } from '../../harness/wait-for';
import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { byProfile, RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { people: 800, rates: [0.2], crmChanges: 30, scored: 40 },
  long: { people: 4_000, rates: [0, 0.05, 0.2], crmChanges: 150, scored: 250 },
});
const DAILY_API_LIMIT = 100_000;

/**
 * CRM faults on 0 %, 5 % and 20 % of requests (and, for lock errors, of record writes), against
 * every CRM the conformance kit holds crm-sync to, each fault in that CRM's own form (the kit's
 * FAULT_KINDS: rate limiting, expired sessions, outages, slowness, record locks and writes whose
 * answer is lost): every pipeline converges to the same result. For a CRM that reports a daily API
 * allowance, reaching its reserve pauses the run cleanly with a clear status and no write, and it
 * finishes by itself once the quota recovers.
 */
describe.each(conformanceTargets())(`reliability (${RELIABILITY_PROFILE}): CRM faults during a $label pipeline`, (target) => {
  let f: DurabilityFixture;

  beforeAll(async () => {
    f = await startDurabilityFixture({
      name: 'crmfaults',
      crm: { target, seed: 77, people: SIZES.people, dailyApiLimit: DAILY_API_LIMIT },
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
      f.org.faults.resetInjected();
      if (rate > 0) {
        // One of each kind up front, so every kind is met whatever the random draw; then `rate` at random.
        for (const kind of FAULT_KINDS) f.org.faults.failNext(kind, 1);
        f.org.faults.set({ rate, kinds: [...FAULT_KINDS], latencyMs: 100, seed: 100 + i });
      }
      const started = Date.now();
      const run = await f.waitForRun(await f.startPipeline(i % 2 === 0 ? 'full' : 'incremental'), 600_000);
      f.org.faults.clear();
      // What the emulator injected, so the test cannot pass with faults silently off.
      const injected = f.org.faults.injected();
      const seconds = secondsSince(started);
      const apiCalls = f.org.stats.apiCalls();
      expect({ rate, status: run.status, error: run.error }).toEqual({ rate, status: 'succeeded', error: null });
      const report = await checkConvergence(f, expected);
      expect({ rate, ...report }).toEqual({ rate, ...convergedReport(expected) });
      expect({ rate, injected: FAULT_KINDS.filter((kind) => (injected[kind] ?? 0) > 0) }).toEqual({ rate, injected: rate > 0 ? FAULT_KINDS : [] });
      runs.push({ ratePercent: rate * 100, status: run.status, seconds, apiCalls, injected: { ...injected }, changedRecords: expected.scores.size, writes: report.writes });
    }
    writeFigures(target.crm === 'salesforce' ? 'crm-faults' : `crm-faults-${target.crm}`, { crm: target.label, org: { people: SIZES.people }, kinds: FAULT_KINDS, runs, totalSeconds: secondsSince(startedAt) });
  }, byProfile({ fast: 5 * 60_000, long: 20 * 60_000 }));

  // Only a CRM that reports a daily allowance can be held to a reserve of it (Dataverse limits
  // requests per 5-minute window and says so only by 429s, which the rounds above inject).
  if (crmModel(target.crm).reportsDailyApiUsage === false) return;
  it('at the API-limit reserve the pipeline pauses with a clear status and writes nothing, then finishes by itself when the quota recovers', async () => {
    const usage = f.org.dailyApiUsage;
    if (!usage) throw new Error(`the ${target.label} target reports no daily API usage, though its CRM model says the CRM does`);
    const expected = await makeChanges(f, 50, { crmChanges: SIZES.crmChanges, scored: SIZES.scored });
    // The org has used 95 % of its daily calls: below the 10 % reserve from the first call on.
    usage.setUsed(Math.round(DAILY_API_LIMIT * 0.95));
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
    expect(f.org.stats.writesByRecordId().size).toBe(0);
    // The pipeline says it waits, and why: its own status is paused with the step's reason.
    const pipeline = (await f.ops.get(`/api/v1/runs/${runId}`).expect(200)).body;
    expect(pipeline).toMatchObject({ status: 'paused', pausedReason: expect.stringMatching(/^CRM Administration sync paused: API limit reserve reached/) });
    const pausedList = (await f.ops.get('/api/v1/runs?status=paused&perPage=50').expect(200)).body;
    expect(JSON.stringify(pausedList)).toContain(runId);
    expect(pipeline.counts.steps.filter((s: { kind: string; status: string }) => s.kind === 'list-sync' && s.status !== 'pending' && s.status !== 'waiting')).toEqual([]);

    // A new day: the org's usage counter starts again.
    usage.setUsed(0);
    const run = await f.waitForRun(runId, 180_000);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(await checkConvergence(f, expected)).toEqual(convergedReport(expected));
  }, 5 * 60_000);
});
