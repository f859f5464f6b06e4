/**
 * The cost of one `/metrics` scrape at volume (issue 26): 20,000 stored runs (1,000 at smoke size)
 * spread over 30 days across 5 connections, most of them admin syncs with eight objects' counts.
 * Measured: a scrape right after the folded tally is dropped (it folds all history once), steady
 * scrapes (the tally plus the last minutes' runs), the derived counters' read alone, and what
 * summing every stored run per scrape would cost (the alternative the tally avoids).
 *
 * `npm run bench -- --only=metrics-scrape`
 */
import { Types } from 'mongoose';
import { createMetricsRegistry } from '../../api/services/metrics';
import { connectModels, type Models } from '../../domain/models';
import { readMetricTotals } from '../../domain/metrics/metric-totals';
import { summariseWindow } from '../../domain/metrics/run-summary';
import { minuteOf } from '../../domain/runs/run-status';
import type { BenchContext, BenchRow, BenchScenario, ScenarioResult } from '../lib/scenario';
import { databaseUri } from '../lib/services';
import { median, timed } from '../lib/stats';

const SCENARIO = 'metrics-scrape';
const RUNS = { full: 20_000, smoke: 1_000 } as const;
/** Runs that finished in the last minutes: what a steady scrape adds to the tally. */
const RECENT = 20;
const CONNECTIONS = 5;
const OBJECTS = ['Lead', 'Contact', 'Account', 'User', 'Opportunity', 'OpportunityContactRole', 'Campaign', 'CampaignMember'];
const KINDS = ['crm-admin-sync', 'crm-admin-sync', 'crm-admin-sync', 'list-sync', 'segment-refresh', 'sync-pipeline'] as const;

function seededRun(i: number, finishedAt: Date, connections: Types.ObjectId[]) {
  const kind = KINDS[i % KINDS.length];
  const durationMs = 2_000 + ((i * 7_919) % 600_000);
  const counts =
    kind === 'crm-admin-sync'
      ? Object.fromEntries(OBJECTS.map((o, j) => [o, { mode: 'incremental', fetched: (i + j) % 50, inserted: (i + j) % 7, updated: (i + j) % 11, deleted: (i + j) % 2, unchanged: 3 }]))
      : kind === 'list-sync'
        ? { push: { candidates: 10, pushed: 9, failed: i % 3, skipped: [], calls: 2, path: 'collections' } }
        : {};
  const startedAt = new Date(finishedAt.getTime() - durationMs);
  // As the runs module writes them (domain/runs/lifecycle.ts), minutes included.
  return {
    kind,
    status: i % 20 === 0 ? 'failed' : 'succeeded',
    connectionId: connections[i % connections.length],
    workflowId: `bench-${i}`,
    counts,
    apiCalls: kind === 'crm-admin-sync' ? 12 : 0,
    createdAt: startedAt,
    startedAt,
    startedMinute: minuteOf(startedAt),
    finishedAt,
    finishedMinute: minuteOf(finishedAt),
    durationMs,
  };
}

async function seedRuns(models: Models, total: number): Promise<void> {
  const connections = Array.from({ length: CONNECTIONS }, () => new Types.ObjectId());
  const now = Date.now();
  const spanMs = 30 * 86_400_000;
  for (let from = 0; from < total; from += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, total - from) }, (_, k) => {
      const i = from + k;
      // The last RECENT runs finished within the last two minutes, the rest over the 30 days before.
      const finishedAt = i >= total - RECENT ? new Date(now - (total - i) * 5_000) : new Date(now - 10 * 60_000 - ((spanMs * i) / total));
      return seededRun(i, finishedAt, connections);
    });
    await models.Run.collection.insertMany(batch);
  }
}

async function seconds(repeats: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) out.push((await timed(fn)).seconds);
  return out;
}

export const scenario: BenchScenario = {
  id: SCENARIO,
  title: '/metrics scrape cost over stored runs',
  order: 70,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const total = RUNS[ctx.size];
    const models = await connectModels(databaseUri(ctx.services, `bench_metrics_${process.pid}`));
    try {
      ctx.log(`seeding ${total} runs`);
      const seeding = await timed(() => seedRuns(models, total));
      ctx.log(`seeded in ${seeding.seconds.toFixed(1)} s`);
      const registry = createMetricsRegistry(models);
      const firstScrape = await seconds(ctx.repeats, async () => {
        await models.MetricTally.deleteMany({});
        await registry.metrics();
      });
      const steadyScrape = await seconds(ctx.repeats, () => registry.metrics());
      const countersAlone = await seconds(ctx.repeats, () => readMetricTotals(models));
      const everyRun = await seconds(ctx.repeats, () => summariseWindow(models, { from: new Date(0), to: null }));
      // The runs gauge alone, beside what it replaced: grouping every stored run by kind and status.
      const runsGauge = await seconds(ctx.repeats, () => registry.getSingleMetricAsString('crm_sync_runs_in_progress'));
      const groupingEveryRun = await seconds(ctx.repeats, () => models.Run.aggregate([{ $group: { _id: { kind: '$kind', status: '$status' }, n: { $sum: 1 } } }]));
      const row = (variant: string, values: number[]): BenchRow => ({ scenario: SCENARIO, variant, metrics: { seconds: values, runs: [total] } });
      const rows = [
        row('first scrape (folds all history)', firstScrape),
        row('steady scrape (all families)', steadyScrape),
        row('derived counters alone (tally + recent)', countersAlone),
        row('summing every stored run (no tally)', everyRun),
        row('crm_sync_runs_in_progress gauge alone (a read per status)', runsGauge),
        row('grouping every run by kind and status (the gauge before)', groupingEveryRun),
      ];
      return {
        rows,
        targets: [
          { scenario: SCENARIO, description: 'derived counters under 1 s per scrape', measured: `${median(countersAlone).toFixed(3)} s`, met: median(countersAlone) < 1 },
          { scenario: SCENARIO, description: 'whole steady scrape under 1 s', measured: `${median(steadyScrape).toFixed(3)} s`, met: median(steadyScrape) < 1 },
        ],
        notes: [`${total} runs seeded in ${seeding.seconds.toFixed(1)} s`],
      };
    } finally {
      await models.db.dropDatabase();
      await models.db.close();
    }
  },
};
