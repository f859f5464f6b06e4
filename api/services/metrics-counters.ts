import type { Metric, MetricValueWithName, Registry } from 'prom-client';
import { readMetricTotals, type MetricTotalsModels } from '../../domain/metrics/metric-totals';
import { RUN_DURATION_BUCKETS, SAMPLES, SEGMENT_REFRESH_BUCKETS } from '../../domain/metrics/run-summary';
import { parseSeriesKey, seriesKey, type Labels, type SeriesTotals } from '../../domain/metrics/series';

type Family = { name: string; help: string } & ({ type: 'counter' } | { type: 'histogram'; buckets: readonly number[] });

const FAMILIES: Family[] = [
  { name: SAMPLES.runsStarted, type: 'counter', help: 'Runs that began working, by kind.' },
  { name: SAMPLES.runsFinished, type: 'counter', help: 'Runs that ended, by kind and status (succeeded, failed, cancelled).' },
  { name: SAMPLES.runDuration, type: 'histogram', buckets: RUN_DURATION_BUCKETS, help: 'How long runs that succeeded or failed took from their start, by kind.' },
  { name: SAMPLES.segmentRefreshDuration, type: 'histogram', buckets: SEGMENT_REFRESH_BUCKETS, help: 'How long segment refreshes that succeeded or failed took.' },
  { name: SAMPLES.recordsFetched, type: 'counter', help: 'CRM records read by finished admin syncs, per connection and object.' },
  { name: SAMPLES.recordsWritten, type: 'counter', help: 'Local records inserted, updated or deleted by finished admin syncs, per connection and object.' },
  { name: SAMPLES.crmApiCalls, type: 'counter', help: 'CRM API calls made by finished runs, per connection.' },
  { name: SAMPLES.pushErrors, type: 'counter', help: 'Records the CRM refused in finished list pushes, per connection.' },
  { name: SAMPLES.alertsFired, type: 'counter', help: 'Alerts raised, by kind.' },
];

/**
 * Registers the counters and histograms derived from stored runs and alerts (see
 * domain/metrics/metric-totals.ts for why they are derived, not counted in the worker). They count
 * finished work: a run's records, calls and duration appear when it ends.
 *
 * prom-client's Counter and Histogram only add observations made in this process; these samples
 * are read whole from the database, so each family is a small object with the `get()` the registry
 * calls, and all of them share one read of the totals per scrape.
 */
export function registerDerivedCounters(registry: Registry, models: MetricTotalsModels): void {
  let read: Promise<SeriesTotals> | undefined;
  const totalsOfThisScrape = () =>
    (read ??= readMetricTotals(models).finally(() => {
      read = undefined;
    }));
  for (const family of FAMILIES) {
    const metric = {
      name: family.name,
      help: family.help,
      type: family.type,
      aggregator: 'sum' as const,
      reset: () => {},
      get: async () => ({
        name: family.name,
        help: family.help,
        type: family.type,
        aggregator: 'sum',
        values: samplesOf(family, await totalsOfThisScrape()),
      }),
    };
    registry.registerMetric(metric as unknown as Metric);
  }
}

function samplesOf(family: Family, totals: SeriesTotals): MetricValueWithName<string>[] {
  const stored = [...totals].map(([key, value]) => ({ ...parseSeriesKey(key), value }));
  if (family.type === 'counter') return stored.filter((s) => s.sample === family.name).map((s) => ({ labels: s.labels, value: s.value }));
  // A histogram shows every bucket of each label set, empty ones too, in bound order.
  const at = (sample: string, labels: Labels) => totals.get(seriesKey(sample, labels)) ?? 0;
  return stored
    .filter((s) => s.sample === `${family.name}_count`)
    .flatMap(({ labels }) => [
      ...[...family.buckets.map(String), '+Inf'].map((le) => ({ metricName: `${family.name}_bucket`, labels: { ...labels, le }, value: at(`${family.name}_bucket`, { ...labels, le }) })),
      { metricName: `${family.name}_sum`, labels, value: at(`${family.name}_sum`, labels) },
      { metricName: `${family.name}_count`, labels, value: at(`${family.name}_count`, labels) },
    ]);
}
