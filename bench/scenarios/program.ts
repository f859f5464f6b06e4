/**
 * A list-maintenance program over a large list (issue 6): the real listMaintenance workflow in a
 * worker process running "set behaviorScore to <constant>" over every member, then the same
 * program again, which must change nothing. Measured per run: time, the worker's peak RSS, and
 * the workflow's history events (continue-as-new runs included).
 */
import { startProgramRun } from '../../api/services/program-run-starter';
import { createProgram } from '../../api/services/program-store';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { listMaintenanceWorkflowId } from '../../contract/programs';
import type { BenchContext, BenchRow, BenchScenario, ScenarioResult } from '../lib/scenario';
import { seedBenchOrg, type BenchOrg } from '../lib/seed-org';
import { seedContactList } from '../lib/seed-list';
import { max, timed } from '../lib/stats';

const SCENARIO = 'program';
/**
 * People of the org (60 % are the list's Contacts): the full size is issue 6's 100,020-member list.
 * With the embedded FerretDB's `_id` index and synchronous=NORMAL the first run changes all of them
 * in ~77 s and the unchanged second run takes ~14 s (measured 2026-11-23; before those two changes
 * 10,020 members took 68 s).
 */
const PEOPLE = { smoke: 400, full: Number(process.env.BENCH_PROGRAM_PEOPLE ?? 166_700) } as const;
const SCORE = 42;

/** Events of every run of the workflow id (following continue-as-new), each run counted apart. */
async function historyEventsPerRun(org: BenchOrg, workflowId: string): Promise<number[]> {
  const counts: number[] = [];
  let runId: string | undefined;
  for (;;) {
    const handle = org.temporal.workflow.getHandle(workflowId, runId);
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    counts.push(events.length);
    const last = events[events.length - 1];
    const next = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next) return counts;
    runId = next;
  }
}

export const scenario: BenchScenario = {
  id: SCENARIO,
  title: 'List-maintenance program: change a field on every member, then run again',
  order: 50,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const org = await seedBenchOrg({ services: ctx.services, name: 'program', people: PEOPLE[ctx.size], objects: ['Contact'], contactViews: ['Contact'], log: ctx.log });
    try {
      const list = await seedContactList(org.models, org.connectionId, { name: 'all contacts', type: 'Contact', fields: ['email', 'behaviorScore'] });
      const deps = { ...org.starterDeps, connectors: createConnectorFactory(org.models, org.box) };
      const programId = await createProgram(
        deps,
        { listId: list.listId, name: 'Score everyone', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: SCORE } }] },
        'bench',
      );
      const runOnce = async (label: string) => {
        org.worker.resetPeakRss();
        const { value: run, seconds } = await timed(async () => org.waitForRun((await startProgramRun(deps, { _id: programId }, { triggeredBy: 'bench' })).runId));
        // counts.steps is written per index (`counts.steps.0`), an object or an array by the store.
        const steps = Object.values((run.counts as { steps?: Record<string, { changed: number }> } | undefined)?.steps ?? {});
        const changed = steps.reduce((n, s) => n + (s.changed ?? 0), 0);
        const events = await historyEventsPerRun(org, listMaintenanceWorkflowId(programId));
        const rss = org.worker.peakRssMb();
        ctx.log(`${label}: ${changed} changed in ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB, history ${events.join('+')} events`);
        return { seconds, changed, rss, events: max(events) };
      };
      const first = await runOnce('first run');
      const wrong = await org.models.ListMember.countDocuments({ listId: list.listId, 'values.behaviorScore': { $ne: SCORE } });
      if (wrong > 0) throw new Error(`${wrong} members do not hold the program's value`);
      const seconds: number[] = [];
      const rss: number[] = [];
      const events: number[] = [];
      const changed: number[] = [];
      for (let i = 0; i < ctx.repeats; i++) {
        const again = await runOnce(`repeat run ${i + 1}`);
        seconds.push(again.seconds);
        rss.push(again.rss);
        events.push(again.events);
        changed.push(again.changed);
      }
      const rows: BenchRow[] = [
        { scenario: SCENARIO, variant: `first run, ${list.members} members`, metrics: { seconds: [first.seconds], changed_members: [first.changed], peak_rss_mb: [first.rss], history_events: [first.events] }, info: { step: 'set behaviorScore to a constant' } },
        { scenario: SCENARIO, variant: `second run, ${list.members} members`, metrics: { seconds, changed_members: changed, peak_rss_mb: rss, history_events: events }, info: { step: 'same program, nothing to change' } },
      ];
      const peakRss = Math.max(first.rss, ...rss);
      const peakEvents = Math.max(first.events, ...events);
      return {
        rows,
        targets: [
          { scenario: SCENARIO, description: 'worker RSS under 512 MB', measured: `${peakRss.toFixed(0)} MB peak (${list.members} members)`, met: peakRss < 512 },
          { scenario: SCENARIO, description: 'history under 2,000 events per run', measured: `${peakEvents} events`, met: peakEvents < 2_000 },
          { scenario: SCENARIO, description: 'second run changes nothing', measured: `${Math.max(...changed)} changed (first run ${first.changed})`, met: Math.max(...changed) === 0 && first.changed > 0 },
        ],
        notes: [`Program over ${list.members} members: memory and history do not grow with the list (one member cursor, a page of ${1_000} at a time).`],
      };
    } finally {
      await org.close();
    }
  },
};
