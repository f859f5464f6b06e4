/**
 * What the sync scenarios share: an emulated org, a stored connection to it on a fresh database,
 * a worker process, and a way to run the real crmAdminSync workflow and read back what it cost.
 * The database and the workflow run take any CRM's org (BenchSyncOrg); startBenchOrg is the
 * Salesforce one, bench/lib/dynamics-org.ts the Dynamics 365 one.
 *
 * API:
 *   const org = await startBenchOrg(ctx, size)           // emulator with a seeded org + jsforce login
 *   const db = await openBenchDatabase(ctx, org, name, settings)  // models + connection + worker process
 *   const measured = await runAdminSync(ctx, db, org, 'full')      // seconds, API calls, history, paths…
 *   await db.close(); await org.close();
 */
import crypto from 'node:crypto';
import { Client, Connection as TemporalConnection, type WorkflowHandle } from '@temporalio/client';
import { startCrmAdminSync } from '../../api/services/run-starter';
import { sealConnection, type NewConnection } from '../../domain/connections/connection-secrets';
import { SALESFORCE_OBJECTS } from '../../domain/crm/salesforce/salesforce-model';
import { connectModels, type Models } from '../../domain/models';
import { createSecretBox } from '../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type OrgSize, type RunningEmulator } from '../../sf-emulator';
import { crmAdminSyncWorkflowId, type SyncMode } from '../../contract';
import { startWorkerProcess, type WorkerProcess } from '../../dev-services/worker-process';
import type { BenchContext } from './scenario';
import { databaseUri } from './services';
import { timed } from './stats';

/** What a sync benchmark needs of an emulated org, whatever its CRM. */
export interface BenchSyncOrg {
  /** Records of the synced objects in the org. */
  records: number;
  /** The objects the admin sync copies, as the run document counts them. */
  objects: readonly string[];
  /** API calls the emulator has answered so far. */
  apiCalls(): number;
  /** Operations the emulator has answered so far, per endpoint (where it counts them), to say where a sync's calls go. */
  operationsByEndpoint?(): Record<string, number>;
  /** A connection to the org as the API would store it. */
  connectionInput(name: string): NewConnection;
  close(): Promise<void>;
}

export interface BenchOrg extends BenchSyncOrg {
  emulator: RunningEmulator;
}

export async function startBenchOrg(ctx: Pick<BenchContext, 'log'>, size: OrgSize, seed = 1): Promise<BenchOrg> {
  const { value: emulator, seconds } = await timed(() => startEmulator({ org: size, seed }));
  const records = SALESFORCE_OBJECTS.reduce((sum, object) => sum + emulator.store.count(object), 0);
  ctx.log(`emulated org of ${records.toLocaleString('en-US')} records generated in ${seconds.toFixed(1)} s`);
  return {
    emulator,
    records,
    objects: SALESFORCE_OBJECTS,
    apiCalls: () => emulator.stats.apiCalls,
    connectionInput: (name) => ({
      name: `${name} org`,
      loginUrl: emulator.url,
      auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
    }),
    close: () => emulator.close(),
  };
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
export async function openBenchDatabase(ctx: Pick<BenchContext, 'services'>, org: BenchSyncOrg, name: string, syncSettings: Record<string, number> = {}): Promise<BenchDatabase> {
  databaseCounter += 1;
  const database = `bench_${name}_${process.pid}_${databaseCounter}`;
  const mongoUri = databaseUri(ctx.services, database);
  const models = await connectModels(mongoUri);
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const connection = await models.Connection.create({ ...sealConnection(org.connectionInput(name), box), syncSettings });
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

/**
 * The workflow's result, or an error once one of its activities has failed `attempts` times: Temporal
 * retries a failing activity for ever, and a benchmark should say why rather than wait.
 */
async function resultOrGiveUp(handle: WorkflowHandle, attempts: number): Promise<void> {
  const result = handle.result();
  let done = false;
  void result.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await Promise.race([result.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (done) break;
    const failing = (await handle.describe()).raw.pendingActivities?.find((a) => (a.attempt ?? 0) >= attempts);
    if (failing) {
      await handle.terminate(`the benchmark gave up: ${failing.activityType?.name} failed ${failing.attempt} times`);
      throw new Error(`${failing.activityType?.name} failed ${failing.attempt} times: ${failing.lastFailure?.message ?? 'no message'}`);
    }
  }
  await result;
}

/**
 * Runs crmAdminSync through the worker process, as the API starts it, and reads what it cost.
 * `giveUpAfterAttempts` ends a sync whose activity keeps failing (a connector that fails every attempt)
 * with that failure; without it the sync is awaited as long as it takes, as the Salesforce figures always were.
 */
export async function runAdminSync(db: BenchDatabase, org: BenchSyncOrg, mode: SyncMode, options: { giveUpAfterAttempts?: number } = {}): Promise<MeasuredSync> {
  const callsBefore = org.apiCalls();
  db.worker.resetPeakRss();
  const workflowId = crmAdminSyncWorkflowId(db.connectionId);
  const { value: started, seconds } = await timed(async () => {
    const run = await startCrmAdminSync({ models: db.models, temporal: db.temporal, taskQueue: db.worker.taskQueue }, db.connectionId, { mode });
    const handle = db.temporal.workflow.getHandle(workflowId);
    await (options.giveUpAfterAttempts ? resultOrGiveUp(handle, options.giveUpAfterAttempts) : handle.result());
    return run;
  });
  const peakRssMb = db.worker.peakRssMb();
  const apiCalls = org.apiCalls() - callsBefore;
  const run = await db.models.Run.findById(started.runId).lean();
  if (!run) throw new Error('run document missing');
  if (run.status !== 'succeeded') throw new Error(`sync ${run.status}: ${String((run as { error?: unknown }).error ?? '')}`);
  const counts = (run.counts ?? {}) as Record<string, { fetched?: number; inserted?: number; updated?: number; readPath?: string }>;
  const paths: Record<string, string> = {};
  let fetched = 0;
  let written = 0;
  for (const object of org.objects) {
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
