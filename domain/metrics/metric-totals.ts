import type { Models } from '../models';
import { summariseWindow, type SummaryModels } from './run-summary';
import { addTotals, type SeriesTotals } from './series';

export type MetricTotalsModels = SummaryModels & Pick<Models, 'MetricTally'>;

const TALLY_ID = 'runs-and-alerts';
/**
 * How far behind now the tally folds: a run's finish is written a moment after its `finishedAt` is
 * taken (and by a worker whose clock may differ a little), so only settled history is folded.
 */
export const FOLD_LAG_MS = 5 * 60_000;
/** Folds at most this often: scrapes come every 15–60 s and need not each write the tally. */
const FOLD_EVERY_MS = 60_000;

/**
 * crm-sync's counters, derived from what the database records rather than counted in a process:
 * runs are written by whichever worker ran them, so a count in one worker's memory would be that
 * worker's share, lost at its restart; the stored runs and alerts are the one place all workers'
 * work meets, so every API replica answers the same and a restart loses nothing.
 *
 * Summing every stored run at each scrape would cost the whole history, and go down when retention
 * deletes old runs. So the history up to a point is folded into one tally document and a scrape
 * adds only what started, finished or was raised after it (runs looked up minute by minute, see
 * run-summary.ts). Measured by bench/scenarios/metrics-scrape.ts.
 */
export async function readMetricTotals(models: MetricTotalsModels, now = new Date()): Promise<SeriesTotals> {
  const tally = await foldMetricTally(models, new Date(now.getTime() - FOLD_LAG_MS));
  return addTotals(tally.totals, await summariseWindow(models, { from: tally.upTo, to: null }));
}

/**
 * Folds what happened up to `upTo` into the tally (if it is at least a minute behind) and returns
 * the tally. Replicas may fold at once: the write is a compare-and-set on the previous `upTo`, so
 * exactly one fold of a window lands; a loser takes the tally that won.
 */
export async function foldMetricTally(models: MetricTotalsModels, asked: Date): Promise<{ upTo: Date; totals: SeriesTotals }> {
  // Never past settled history by this clock, whatever `now` a caller (a test's retention pass) uses:
  // a run finishing later with an earlier `finishedAt` would be missed for good.
  const upTo = new Date(Math.min(asked.getTime(), Date.now() - FOLD_LAG_MS));
  const stored = await models.MetricTally.findById(TALLY_ID).lean();
  const from = stored?.upTo ?? new Date(0);
  const totals = totalsOf(stored?.series ?? []);
  if (upTo.getTime() - from.getTime() < FOLD_EVERY_MS) return { upTo: from, totals };

  const folded = addTotals(totals, await summariseWindow(models, { from, to: upTo }));
  const series = [...folded].map(([key, value]) => ({ key, value }));
  const landed = stored
    ? (await models.MetricTally.updateOne({ _id: TALLY_ID, upTo: from }, { $set: { upTo, series } })).modifiedCount === 1
    : await models.MetricTally.create({ _id: TALLY_ID, upTo, series }).then(
        () => true,
        (err: { code?: number }) => {
          if (err.code === 11000) return false;
          throw err;
        },
      );
  if (landed) return { upTo, totals: folded };
  const winner = await models.MetricTally.findById(TALLY_ID).lean();
  if (!winner) throw new Error('the metric tally vanished while being folded');
  return { upTo: winner.upTo, totals: totalsOf(winner.series) };
}

function totalsOf(series: { key: string; value: number }[]): SeriesTotals {
  return new Map(series.map((s) => [s.key, s.value]));
}
