/**
 * What the sync scenarios share: an emulated org, a stored connection to it on a fresh database,
 * a worker process, and a way to run the real crmAdminSync workflow and read back what it cost.
 *
 * API:
 *   const org = await startBenchOrg(ctx, size)           // emulator with a seeded org + jsforce login
 *   const db = await openBenchDatabase(ctx, org, name, settings)  // models + connection + worker process
 *   const measured = await runAdminSync(ctx, db, org, 'full')      // seconds, API calls, history, paths…
 *   await db.close(); await org.close();
 */
import crypto from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { startCrmAdminSync } from '../../api/services/run-starter';
import { sealConnection } from '../../domain/connections/connection-secrets';
import { SYNCED_OBJECTS } from '../../domain/crm/synced-objects';
import { connectModels, type Models } from '../../domain/models';
import { createSecretBox } from '../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type OrgSize, type RunningEmulator } from '../../sf-emulator';
import { crmAdminSyncWorkflowId, type SyncMode } from '../../contract';
import { startWorkerProcess, type WorkerProcess } from '../../dev-services/worker-process';
import type { BenchContext } from './scenario';
import { databaseUri } from './services';
import { timed } from './stats';

export interface BenchOrg {
  emulator: RunningEmulator;
  /** Records of the synced objects in the org. */
  records: number;
  close(): Promise<void>;
}

export async function startBenchOrg(ctx: Pick<BenchContext, 'log'>, size: OrgSize, seed = 1): Promise<BenchOrg> {
  const { value: emulator, seconds } = await timed(() => startEmulator({ org: size, seed }));
  const records = SYNCED_OBJECTS.reduce((sum, object) => sum + emulator.store.count(object), 0);
  ctx.log(`emulated org of ${records.toLocaleString('en-US')} records generated in ${seconds.toFixed(1)} s`);
  return { emulator, records, close: () => emulator.close() };
}

export interface BenchDatabase {
  models: Models;
  connectionId: string;
  worker: WorkerProcess;
  temporal: Client;
  mongoUri: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

let databaseCounter = 0;

/** A fresh database with one connection to the org, and a worker process on its own task queue. */
export async function openBenchDatabase(ctx: Pick<BenchContext, 'services'>, org: BenchOrg, name: string, syncSettings: Record<string, number> = {}): Promise<BenchDatabase> {
  databaseCounter += 1;
  const database = `bench_${name}_${process.pid}_${databaseCounter}`;
  const mongoUri = databaseUri(ctx.services, database);
  const models = await connectModels(mongoUri);
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const connection = await models.Connection.create({
    ...sealConnection(
      {
        name: `${name} org`,
        loginUrl: org.emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      },
      box,
    ),
    syncSettings,
  });
  const { temporalAddress, workflowBundlePath } = ctx.services;
  const worker = await startWorkerProcess({ temporalAddress, workflowBundlePath, taskQueue: database, mongoUri, secretKey });
  const temporalConnection = await TemporalConnection.connect({ address: ctx.services.temporalAddress });
  return {
    models,
    connectionId: String(connection._id),
    worker,
    temporal: new Client({ connection: temporalConnection, namespace: 'default' }),
    mongoUri,
    async close(options = {}) {
      await worker.stop();
      await temporalConnection.close();
      if (!options.keepData) await models.db.dropDatabase();
      await models.db.close();
    },
  };
}

export interface MeasuredSync {
  seconds: number;
  apiCalls: number;
  /** Events in every Temporal run of the workflow (continue-as-new starts a new run). */
  historyEvents: number[];
  peakRssMb: number;
  /** Per object: which read path ran (`rest` or `bulk`), from the run document. */
  paths: Record<string, string>;
  fetched: number;
  written: number;
  runId: string;
}

/**
 * Events of every Temporal run of the latest execution chain, first to last: walks back from the
 * latest run through each start event's `continuedExecutionRunId` (continue-as-new), so neither
 * visibility lag nor an earlier sync of the same connection (same workflow id) is counted.
 */
async function historyEventsPerRun(temporal: Client, workflowId: string): Promise<number[]> {
  const counts: number[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    counts.unshift(events.length);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) return counts;
  }
}

/** Runs crmAdminSync through the worker process, as the API starts it, and reads what it cost. */
export async function runAdminSync(db: BenchDatabase, org: BenchOrg, mode: SyncMode): Promise<MeasuredSync> {
  const callsBefore = org.emulator.stats.apiCalls;
  db.worker.resetPeakRss();
  const workflowId = crmAdminSyncWorkflowId(db.connectionId);
  const { value: started, seconds } = await timed(async () => {
    const run = await startCrmAdminSync({ models: db.models, temporal: db.temporal, taskQueue: db.worker.taskQueue }, db.connectionId, { mode });
    await db.temporal.workflow.getHandle(workflowId).result();
    return run;
  });
  const peakRssMb = db.worker.peakRssMb();
  const apiCalls = org.emulator.stats.apiCalls - callsBefore;
  const run = await db.models.Run.findById(started.runId).lean();
  if (!run) throw new Error('run document missing');
  if (run.status !== 'succeeded') throw new Error(`sync ${run.status}: ${String((run as { error?: unknown }).error ?? '')}`);
  const counts = (run.counts ?? {}) as Record<string, { fetched?: number; inserted?: number; updated?: number; readPath?: string }>;
  const paths: Record<string, string> = {};
  let fetched = 0;
  let written = 0;
  for (const object of SYNCED_OBJECTS) {
    const c = counts[object] ?? {};
    paths[object] = c.readPath ?? 'rest';
    fetched += c.fetched ?? 0;
    written += (c.inserted ?? 0) + (c.updated ?? 0);
  }
  const historyEvents = await historyEventsPerRun(db.temporal, workflowId);
  return { seconds, apiCalls, historyEvents, peakRssMb, paths, fetched, written, runId: started.runId };
}

/** "Lead: bulk, Contact: rest, …" → "bulk: Lead, Contact; rest: User, …" (shorter in the table). */
export function describePaths(paths: Record<string, string>): string {
  const byPath = new Map<string, string[]>();
  for (const [object, path] of Object.entries(paths)) byPath.set(path, [...(byPath.get(path) ?? []), object]);
  return [...byPath.entries()].map(([path, objects]) => `${path}: ${objects.join(', ')}`).join('; ');
}
