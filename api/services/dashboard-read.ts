/** What the dashboard shows: each connection's health, the latest failures and the audit log's tail. */
import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { describeTargetSchedule } from '../../domain/schedules/target-schedules';
import { loadConnectionFreshness } from './connection-freshness';
import { presentRun } from '../presenters/run-json';

const DAY_MS = 24 * 60 * 60 * 1000;
const FAILURES_SHOWN = 5;
const ACTIVITY_SHOWN = 10;

/** Per connection: its data freshness, last run, next run and API use over the last day. */
export async function loadConnectionHealth({ models, temporal }: { models: Models; temporal: Client }) {
  const since = new Date(Date.now() - DAY_MS);
  const connections = await models.Connection.find({}, { name: 1, syncSettings: 1 }).sort({ name: 1 }).lean();
  return Promise.all(
    connections.map(async (connection) => {
      const [lastRun, recentRuns, freshness, schedule] = await Promise.all([
        models.Run.findOne({ connectionId: connection._id }).sort({ createdAt: -1 }).lean(),
        models.Run.find({ connectionId: connection._id, createdAt: { $gte: since } }, { apiCalls: 1, apiUsage: 1, createdAt: 1 }).sort({ createdAt: -1 }).lean(),
        loadConnectionFreshness(models, connection),
        describeTargetSchedule(temporal, { kind: 'connection', connectionId: String(connection._id) }),
      ]);
      // The CRM's own count of today's calls, as the latest run saw it.
      const usage = recentRuns.find((run) => run.apiUsage?.max)?.apiUsage;
      return {
        id: String(connection._id),
        name: connection.name,
        /** The least recently synced object's last sync: every object is at least this fresh. */
        dataAsOf: freshness.oldestSyncAt,
        lastRun: lastRun ? presentRun(lastRun) : null,
        /** The pipeline schedule's next start, or why there is none. */
        nextRun: schedule.nextRunTimes[0] ?? null,
        schedule: schedule.exists ? `${schedule.description}${schedule.paused ? ' (paused)' : ''}` : null,
        apiCallsLast24h: recentRuns.reduce((sum, run) => sum + (run.apiCalls ?? 0), 0),
        apiUsage: usage?.max ? { used: usage.used ?? 0, max: usage.max } : null,
      };
    }),
  );
}

export async function listLatestFailedRuns(models: Pick<Models, 'Run'>) {
  return models.Run.find({ status: 'failed' }).sort({ createdAt: -1 }).limit(FAILURES_SHOWN).lean();
}

export async function listLatestAuditEntries(models: Pick<Models, 'AuditEntry'>) {
  return models.AuditEntry.find().sort({ at: -1 }).limit(ACTIVITY_SHOWN).lean();
}
