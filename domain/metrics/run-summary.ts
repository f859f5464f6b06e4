import type { Models } from '../models';
import type { AdminSyncObjectCounts, ListRunCounts } from '../runs/run-shapes';
import { minuteOf } from '../runs/run-status';
import { addSample, observe, type SeriesTotals } from './series';

export type SummaryModels = Pick<Models, 'Run' | 'Alert'>;

/** Seconds to hours: a segment refresh takes seconds, a first full sync of a large org hours. */
export const RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200] as const;
/** Sub-second to ten minutes: a refresh is one query over a list's members. */
export const SEGMENT_REFRESH_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] as const;

/** The sample names the summary writes; api/services/metrics-counters.ts exposes each family. */
export const SAMPLES = {
  runsStarted: 'crm_sync_runs_started_total',
  runsFinished: 'crm_sync_runs_finished_total',
  runDuration: 'crm_sync_run_duration_seconds',
  segmentRefreshDuration: 'crm_sync_segment_refresh_duration_seconds',
  recordsFetched: 'crm_sync_records_fetched_total',
  recordsWritten: 'crm_sync_records_written_total',
  crmApiCalls: 'crm_sync_crm_api_calls_total',
  pushErrors: 'crm_sync_push_errors_total',
  alertsFired: 'crm_sync_alerts_fired_total',
} as const;

/** A time window (after `from`, up to and including `to`; `to` null: up to now). */
export interface Window {
  from: Date;
  to: Date | null;
}

/** Past this many minutes a window is read by a range (a scan on FerretDB) rather than minute by minute. */
const MAX_MINUTES_BY_EQUALITY = 60;
/** A worker's clock a little ahead of this one still lands its runs in the minutes looked at. */
const CLOCK_SLACK_MS = 5 * 60_000;

const WRITES = ['inserted', 'updated', 'deleted'] as const;

type StartedRun = { kind: string; startedAt?: Date | null };
type FinishedRun = { kind: string; status: string; connectionId: unknown; finishedAt?: Date | null; counts?: unknown; apiCalls?: number | null; durationMs?: number | null };

/**
 * The runs whose `at` field falls in the window. A short window (a scrape's last minutes, a
 * fold's last minute) is read one minute at a time by equality on the run's stored minute, which
 * FerretDB answers from an index; a long one (the first fold of a whole history) by a range, which
 * FerretDB scans, once.
 */
async function runsIn<T>(models: SummaryModels, at: 'startedAt' | 'finishedAt', window: Window, projection: Record<string, 1>): Promise<T[]> {
  const minuteField = at === 'startedAt' ? 'startedMinute' : 'finishedMinute';
  const to = window.to ?? new Date(Date.now() + CLOCK_SLACK_MS);
  const first = minuteOf(window.from).getTime();
  const minutes = Math.floor((to.getTime() - first) / 60_000) + 1;
  const inWindow = (d: Date | null | undefined) => !!d && d > window.from && d <= to;
  const fields = { ...projection, [at]: 1 };
  if (minutes > MAX_MINUTES_BY_EQUALITY) {
    return models.Run.find({ [at]: window.to ? { $gt: window.from, $lte: window.to } : { $gt: window.from } }, fields).lean<T[]>();
  }
  const perMinute = await Promise.all(
    Array.from({ length: minutes }, (_, i) => models.Run.find({ [minuteField]: new Date(first + i * 60_000) }, fields).lean<(T & Record<typeof at, Date | null>)[]>()),
  );
  return perMinute.flat().filter((r) => inWindow(r[at]));
}

/**
 * What the runs and alerts of a window add to the counters: runs started (by `startedAt`), runs
 * finished with what they did (by `finishedAt`: a run's counts, API calls and duration are final
 * then, so a run is counted once, when it ends) and alerts raised (by `raisedAt`; a re-raised
 * alert has a new one; alerts are few, so a range is cheap enough).
 */
export async function summariseWindow(models: SummaryModels, window: Window): Promise<SeriesTotals> {
  const totals: SeriesTotals = new Map();
  const [started, finished, alerts] = await Promise.all([
    runsIn<StartedRun>(models, 'startedAt', window, { kind: 1 }),
    runsIn<FinishedRun>(models, 'finishedAt', window, { kind: 1, status: 1, connectionId: 1, counts: 1, apiCalls: 1, durationMs: 1 }),
    models.Alert.aggregate<{ _id: string; n: number }>([
      { $match: { raisedAt: window.to ? { $gt: window.from, $lte: window.to } : { $gt: window.from } } },
      { $group: { _id: '$kind', n: { $sum: 1 } } },
    ]),
  ]);
  for (const run of started) addSample(totals, SAMPLES.runsStarted, { kind: run.kind }, 1);
  for (const g of alerts) addSample(totals, SAMPLES.alertsFired, { kind: g._id }, g.n);
  for (const run of finished) summariseFinishedRun(totals, run);
  return totals;
}

function summariseFinishedRun(totals: SeriesTotals, run: FinishedRun): void {
  const connection = { connection_id: String(run.connectionId) };
  addSample(totals, SAMPLES.runsFinished, { kind: run.kind, status: run.status }, 1);
  // Cancelled runs have no duration: the histograms hold runs that ran to an end.
  if (typeof run.durationMs === 'number') {
    const seconds = run.durationMs / 1000;
    observe(totals, SAMPLES.runDuration, RUN_DURATION_BUCKETS, { kind: run.kind }, seconds);
    if (run.kind === 'segment-refresh') observe(totals, SAMPLES.segmentRefreshDuration, SEGMENT_REFRESH_BUCKETS, {}, seconds);
  }
  let calls = run.apiCalls ?? 0;
  if (run.kind === 'crm-admin-sync') {
    for (const [object, c] of Object.entries((run.counts ?? {}) as Record<string, AdminSyncObjectCounts>)) {
      addSample(totals, SAMPLES.recordsFetched, { ...connection, object }, c.fetched ?? 0);
      for (const change of WRITES) addSample(totals, SAMPLES.recordsWritten, { ...connection, object, change }, c[change] ?? 0);
    }
  }
  if (run.kind === 'list-sync' || run.kind === 'list-import') {
    // List runs count their CRM calls in their pull and push results, not in `apiCalls`.
    const counts = (run.counts ?? {}) as ListRunCounts;
    calls += (counts.pull?.sourceRead?.calls ?? 0) + (counts.push?.calls ?? 0);
    addSample(totals, SAMPLES.pushErrors, connection, counts.push?.failed ?? 0);
  }
  addSample(totals, SAMPLES.crmApiCalls, connection, calls);
}
