import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startSalesforceDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { activityIdentities } from './support/durability-history';
import { byProfile, RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { org: { leads: 200, contacts: 600, accounts: 50, users: 4, opportunities: 100, campaigns: 3 }, rounds: 1, crmChanges: 30, scored: 40, mode: 'incremental' },
  long: { org: { leads: 1_000, contacts: 3_000, accounts: 300, users: 8, opportunities: 800, campaigns: 6 }, rounds: 2, crmChanges: 200, scored: 300, mode: 'full' },
});

/**
 * Two worker processes on one task queue share a pipeline's activities; killing one mid-run leaves
 * the other to finish (its activities are retried on the survivor after their timeouts).
 */
describe(`reliability (${RELIABILITY_PROFILE}): two workers on one task queue`, () => {
  let f: DurabilityFixture;

  beforeAll(async () => {
    f = await startSalesforceDurabilityFixture({ name: 'twoworkers', emulator: { seed: 73, org: SIZES.org }, syncSettings: { pageSize: 200 } });
  }, byProfile({ fast: 180_000, long: 600_000 }));
  afterAll(() => f?.close());

  it('both workers do part of a pipeline, and when one is killed mid-run the other finishes it with the same result', async () => {
    const startedAt = Date.now();
    const figures: { round: number; workersBeforeKill: number; survivorActivities: number; killedActivities: number; pipelineSeconds: number }[] = [];
    let alive = [...f.workers];
    for (let round = 1; round <= SIZES.rounds; round++) {
      // Two workers polling the same queue (the survivor of the previous round plus a new one).
      while (alive.length < 2) alive.push(await f.startWorker());
      const [first, second] = alive;
      const expected = await makeChanges(f, round, { crmChanges: SIZES.crmChanges, scored: SIZES.scored });
      const started = Date.now();
      const runId = await f.startPipeline(SIZES.mode as 'full' | 'incremental');
      // Kill one once both have run activities of this pipeline.
      const before = await activityIdentities(f, runId, { until: (byPid) => byPid.has(first.pid) && byPid.has(second.pid), timeoutMs: 60_000 });
      const victim = round % 2 === 1 ? first : second;
      const survivor = victim === first ? second : first;
      await victim.kill('SIGKILL');
      alive = [survivor];
      const run = await f.waitForRun(runId, 240_000);
      expect({ round, status: run.status, error: run.error }).toEqual({ round, status: 'succeeded', error: null });
      expect(await checkConvergence(f, expected)).toEqual(convergedReport(expected));
      const after = await activityIdentities(f, runId);
      expect(after.get(survivor.pid)).toBeGreaterThan(before.get(survivor.pid) ?? 0);
      figures.push({
        round,
        workersBeforeKill: before.size,
        survivorActivities: after.get(survivor.pid) ?? 0,
        killedActivities: after.get(victim.pid) ?? 0,
        pipelineSeconds: secondsSince(started),
      });
    }
    writeFigures('two-workers', { org: SIZES.org, rounds: figures, totalSeconds: secondsSince(startedAt) });
  }, byProfile({ fast: 5 * 60_000, long: 15 * 60_000 }));
});
