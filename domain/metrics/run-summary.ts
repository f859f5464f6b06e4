import type { Models } from '../models';
import type { AdminSyncObjectCounts, ListRunCounts } from '../runs/run-shapes';
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

const inWindow = (w: Window) => (w.to ? { $gt: w.from, $lte: w.to } : { $gt: w.from });

const WRITES = ['inserted', 'updated', 'deleted'] as const;

type FinishedRun = { kind: string; status: string; connectionId: unknown; counts?: unknown; apiCalls?: number | null; durationMs?: number | null };

/**
 * What the runs and alerts of a window add to the counters: runs started (by `startedAt`), runs
 * finished with what they did (by `finishedAt`: a run's counts, API calls and duration are final
 * then, so a run is counted once, when it ends) and alerts raised (by `raisedAt`; a re-raised
 * alert has a new one). Each is one query on an indexed time field.
 */
export async function summariseWindow(models: SummaryModels, window: Window): Promise<SeriesTotals> {
  const totals: SeriesTotals = new Map();
  const [started, finished, alerts] = await Promise.all([
    models.Run.aggregate<{ _id: string; n: number }>([{ $match: { startedAt: inWindow(window) } }, { $group: { _id: '$kind', n: { $sum: 1 } } }]),
    models.Run.find({ finishedAt: inWindow(window) }, { kind: 1, status: 1, connectionId: 1, counts: 1, apiCalls: 1, durationMs: 1 }).lean<FinishedRun[]>(),
    models.Alert.aggregate<{ _id: string; n: number }>([{ $match: { raisedAt: inWindow(window) } }, { $group: { _id: '$kind', n: { $sum: 1 } } }]),
  ]);
  for (const g of started) addSample(totals, SAMPLES.runsStarted, { kind: g._id }, g.n);
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
