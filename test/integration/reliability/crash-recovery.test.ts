import { Prng } from '../../../sf-emulator/prng';
import { conformanceTargets } from '../../conformance/targets';
import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { pipelinePhase, stepSeconds, waitForPipelinePhase } from './support/durability-phase';
import { byProfile, RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

/**
 * The fast profile kills once per CRM, each CRM aiming at a different target in turn (see
 * KILL_TARGETS), so `npm test` covers every target and every CRM while each connector added costs
 * one round, not two; the long profile kills 20 times per CRM, at every target.
 */
const SIZES = byProfile({
  fast: { people: 1_000, kills: 1, crmChanges: 30, scored: 30, baselineMode: 'incremental', timeoutMs: 6 * 60_000 },
  long: { people: 4_000, kills: 20, crmChanges: 150, scored: 200, baselineMode: 'full', timeoutMs: 45 * 60_000 },
});
/** Longest any one pipeline round may take, kill and recovery included (a dead activity is noticed within its timeout, ≤ 60 s). */
const ROUND_TIMEOUT_MS = 4 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Where each round's kill aims, in turn: a random moment (mostly the admin sync and list pulls,
 * which take most of a pipeline), the list pushes, and the segment refreshes. A phase target waits
 * until the pipeline reports that phase, then a random 0-150 ms more (a list push of a few hundred
 * records lasts well under a second).
 */
const KILL_TARGETS = ['random moment', 'list:push', 'segment:'] as const;
type KillTarget = (typeof KILL_TARGETS)[number];

/**
 * Crash recovery, against every CRM the conformance kit holds crm-sync to: a pipeline over a
 * sizeable org, the worker process SIGKILLed at a random point (a different one each round), a new
 * worker started. Every round must end with the database equal to the org, every changed Score in
 * the CRM, and each changed record written exactly once.
 */
const TARGETS = conformanceTargets();

describe.each(TARGETS)(`reliability (${RELIABILITY_PROFILE}): $label worker SIGKILLed at random points of a pipeline`, (target) => {
  const targetIndex = TARGETS.indexOf(target);
  let f: DurabilityFixture;

  beforeAll(async () => {
    f = await startDurabilityFixture({ name: 'crash', crm: { target, seed: 71, people: SIZES.people }, syncSettings: { pageSize: 200 } });
  }, byProfile({ fast: 180_000, long: 600_000 }));
  afterAll(() => f?.close());

  it(
    `${SIZES.kills === 1 ? 'a round killed' : `${SIZES.kills} rounds, each killed at a different point,`} mid-pipeline: all converge with one write per changed record`,
    async () => {
      const startedAt = Date.now();
      const sizes = { crmChanges: SIZES.crmChanges, scored: SIZES.scored };
      // Round 0 runs uninterrupted: it checks the round itself and measures how long a round takes.
      const baseline = await makeChanges(f, 0, sizes);
      const baselineStart = Date.now();
      const baselineRunId = await f.startPipeline(SIZES.baselineMode as 'full' | 'incremental');
      expect(await f.waitForRun(baselineRunId, ROUND_TIMEOUT_MS)).toMatchObject({ status: 'succeeded' });
      const baselineMs = Date.now() - baselineStart;
      const baselineSteps = await stepSeconds(f.models, baselineRunId);
      expect(await checkConvergence(f, baseline)).toEqual(convergedReport(baseline));

      const prng = new Prng(4242);
      const rounds: { round: number; mode: string; target: KillTarget; killAfterMs: number; phase: string; recoverySeconds: number; writes: number }[] = [];
      const killedMidRun = () => rounds.filter((r) => r.phase !== 'finished').length;
      // A kill that lands after the pipeline finished proves nothing about recovery: such a round
      // still has to converge, but another round is added (at most as many again).
      for (let round = 1; killedMidRun() < SIZES.kills && round <= 2 * SIZES.kills; round++) {
        const expected = await makeChanges(f, round, sizes);
        // The long profile runs a full pipeline every fourth round, incremental ones otherwise; the fast one only incremental ones.
        const mode = SIZES.baselineMode === 'full' && round % 4 === 1 ? 'full' : 'incremental';
        // Incremental rounds are shorter than a full baseline: aim their kills at its first half.
        // Each CRM starts at its own target, so one kill per CRM still covers every target across CRMs.
        const killTarget = KILL_TARGETS[(round - 1 + targetIndex) % KILL_TARGETS.length];
        const randomDelayMs = Math.round((0.02 + 0.8 * prng.next()) * baselineMs * (mode === SIZES.baselineMode ? 1 : 0.5));
        const extraMs = Math.round(150 * prng.next());
        const runId = await f.startPipeline(mode);
        const startedRound = Date.now();
        if (killTarget === 'random moment') await sleep(randomDelayMs);
        else {
          // A phase missed (the pipeline finished first) still kills: such a round is recorded as `finished`.
          await waitForPipelinePhase(f.models, runId, (phase) => phase.includes(killTarget), ROUND_TIMEOUT_MS);
          await sleep(extraMs);
        }
        const killAfterMs = Date.now() - startedRound;
        const phase = await pipelinePhase(f.models, runId);
        const victim = f.workers[f.workers.length - 1];
        await victim.kill('SIGKILL');
        const killedAt = Date.now();
        await f.startWorker();
        const run = await f.waitForRun(runId, ROUND_TIMEOUT_MS);
        expect({ round, phase, status: run.status, error: run.error }).toEqual({ round, phase, status: 'succeeded', error: null });
        const report = await checkConvergence(f, expected);
        expect({ round, phase, ...report }).toEqual({ round, phase, ...convergedReport(expected) });
        rounds.push({ round, mode, target: killTarget, killAfterMs, phase, recoverySeconds: secondsSince(killedAt), writes: report.writes });
      }
      const midRun = killedMidRun();
      expect(midRun).toBe(SIZES.kills);
      writeFigures(target.crm === 'salesforce' ? 'crash-recovery' : `crash-recovery-${target.crm}`, {
        crm: target.label,
        org: { people: SIZES.people },
        kills: SIZES.kills,
        killsMidRun: midRun,
        phasesHit: [...new Set(rounds.map((r) => r.phase))].sort(),
        killsByTarget: Object.fromEntries(KILL_TARGETS.map((t) => [t, rounds.filter((r) => r.target === t && r.phase !== 'finished').length])),
        baselinePipelineSeconds: Math.round(baselineMs / 100) / 10,
        baselineStepSeconds: baselineSteps,
        maxRecoverySeconds: Math.max(...rounds.map((r) => r.recoverySeconds)),
        changedRecordsPerRound: baseline.scores.size,
        duplicateWrites: 0,
        totalSeconds: secondsSince(startedAt),
        roundsRun: rounds.length,
        rounds,
      });
    },
    SIZES.timeoutMs,
  );
});
