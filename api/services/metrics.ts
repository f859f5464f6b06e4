import { Gauge, Histogram, Registry } from 'prom-client';
import type { Models } from '../../domain/models';
import type { WaitOutcome } from './admission-gate';
import { registerDerivedCounters } from './metrics-counters';

const IN_PROGRESS_STATUSES = ['queued', 'running', 'paused'] as const;

type MetricsModels = Pick<Models, 'Run' | 'SyncState' | 'Segment' | 'Alert' | 'Connection' | 'MetricTally'>;

/**
 * crm-sync's own metrics, read from the database at each scrape: the database is the one place
 * every worker's runs meet, so any API process answers for all of them, and a restart loses
 * nothing. The gauges here are what is stored now (runs by kind and status, records per object,
 * segment sizes, open alerts, each connection's last reported CRM API usage): run retention deletes
 * old runs, so `crm_sync_runs` can go down. The counters and histograms of work done (runs started
 * and finished, durations, records, CRM calls, push errors, alerts fired) are derived from the same
 * records through a folded tally that never goes down (metrics-counters.ts).
 */
export function createMetricsRegistry(models: MetricsModels): Registry {
  const registry = new Registry();

  new Gauge({
    name: 'crm_sync_runs_in_progress',
    help: 'Runs queued, running or paused, by kind and status (finished runs: crm_sync_runs_finished_total).',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      // One equality read per status, which FerretDB answers from the status index; grouping every
      // stored run (the gauge of all statuses this replaced) scanned them all: 13 s at 20,000 runs.
      for (const status of IN_PROGRESS_STATUSES) {
        const runs = await models.Run.find({ status }, { kind: 1 }).lean();
        const byKind = new Map<string, number>();
        for (const r of runs) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
        for (const [kind, n] of byKind) this.set({ kind, status }, n);
      }
    },
  });

  new Gauge({
    name: 'crm_sync_records',
    help: "CRM records held per connection and object, as of the object's last finished sync.",
    labelNames: ['connection_id', 'object'],
    registers: [registry],
    async collect() {
      this.reset();
      const states = await models.SyncState.find({}, { connectionId: 1, object: 1, recordCount: 1 }).lean();
      for (const s of states) if (typeof s.recordCount === 'number') this.set({ connection_id: s.connectionId, object: s.object }, s.recordCount);
    },
  });

  new Gauge({
    name: 'crm_sync_segment_members',
    help: 'Members of each segment at its last refresh.',
    labelNames: ['segment_id', 'segment'],
    registers: [registry],
    async collect() {
      this.reset();
      const segments = await models.Segment.find({}, { name: 1, memberCount: 1 }).lean();
      for (const s of segments) this.set({ segment_id: String(s._id), segment: s.name }, s.memberCount ?? 0);
    },
  });

  new Gauge({
    name: 'crm_sync_alerts_open',
    help: 'Alerts raised and not resolved.',
    registers: [registry],
    async collect() {
      this.set(await models.Alert.countDocuments({ resolvedAt: null }));
    },
  });

  // The registry collects every gauge at once: both usage gauges share one read of the connections'
  // latest usage per scrape instead of each making it.
  let usageRead: Promise<ApiUsageRow[]> | undefined;
  const usageOfThisScrape = () =>
    (usageRead ??= latestApiUsage(models).finally(() => {
      usageRead = undefined;
    }));
  for (const [name, field, help] of [
    ['crm_sync_crm_api_calls_used', 'used', "The CRM's daily API calls used, as it reported at the connection's last admin sync."],
    ['crm_sync_crm_api_calls_limit', 'max', "The CRM's daily API call limit, as it reported at the connection's last admin sync."],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: ['connection_id'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const usage of await usageOfThisScrape()) this.set({ connection_id: usage.connectionId }, usage[field]);
      },
    });
  }

  registerDerivedCounters(registry, models);
  return registry;
}

/**
 * The admission gate's waits, counted in this process: the gate is this API process's own queue
 * (nothing about it is stored), so each replica reports its own and Prometheus sums them, and a
 * restart starts them from zero, as counters of a process do.
 */
export function admissionWaitObserver(registry: Registry): (outcome: WaitOutcome, waitedSeconds: number) => void {
  const waits = new Histogram({
    name: 'crm_sync_admission_wait_seconds',
    help: 'How long previews and exports waited at the admission gate, by how the wait ended (admitted, refused, left).',
    labelNames: ['outcome'],
    buckets: [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 90],
    registers: [registry],
  });
  return (outcome, waitedSeconds) => waits.observe({ outcome }, waitedSeconds);
}

/** Each connection's API usage from its latest admin sync that reported one (a run per connection: connections are few). */
type ApiUsageRow = { connectionId: string; used: number; max: number };

async function latestApiUsage(models: MetricsModels): Promise<ApiUsageRow[]> {
  const connections = await models.Connection.find({}, { _id: 1 }).lean();
  const usages = await Promise.all(
    connections.map(async (c) => {
      const run = await models.Run.findOne({ connectionId: c._id, kind: 'crm-admin-sync', 'apiUsage.max': { $gt: 0 } }, { apiUsage: 1 }).sort({ createdAt: -1 }).lean();
      return run?.apiUsage ? [{ connectionId: String(c._id), used: run.apiUsage.used ?? 0, max: run.apiUsage.max ?? 0 }] : [];
    }),
  );
  return usages.flat();
}
