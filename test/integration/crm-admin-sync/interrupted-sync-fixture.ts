import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeTimeoutType } from '@temporalio/common';
import { Connection as SfConnection } from 'jsforce';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import type { Models } from '../../../domain/models';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type OrgSize, type RunningEmulator } from '../../../sf-emulator';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { databaseUriOf, killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';

/** A keyset pull of n records makes floor(n / pageSize) full pages and one short (maybe empty) last page. */
export const pagesOfFullPull = (records: number, pageSize: number) => Math.floor(records / pageSize) + 1;

/** A retried attempt of the pull activity, as the workflow history shows it. */
export interface PullRetry {
  attempt: number;
  /** The application failure type the previous attempt ended with (a worker shutdown), if any. */
  failureType?: string | null;
  /** The timeout the previous attempt ran into (HEARTBEAT after a killed worker), if any. */
  timeout?: string;
}

/**
 * A Salesforce org large enough that a full sync's Contact pull spans many pages, a connection to
 * it, and worker processes on the fixture's queue: for tests that stop a worker in the middle of
 * the pull (SIGKILL, SIGTERM) and check the next worker goes on from the stored checkpoint.
 */
export interface InterruptedSyncFixture {
  emulator: RunningEmulator;
  models: Models;
  temporal: { client: Client; close(): Promise<void> };
  /** jsforce as a test admin, for comparing the local copy with the org. */
  org: SfConnection;
  connectionId: string;
  workers: WorkerProcess[];
  startWorker(): Promise<WorkerProcess>;
  /** Starts a full sync with every CRM call slowed by `latencyMs`; resolves with its run id once `pages` Contact pages are stored. */
  startSlowFullSync(latencyMs: number, pages: number): Promise<string>;
  /** The Contact pull's checkpoint as the run stores it. */
  contactCheckpoint(runId: string): Promise<PullCheckpoint | undefined>;
  /** Starts a new worker, waits for the sync to finish, stops slowing calls; returns the query calls the org answered in all. */
  finishOnNewWorker(): Promise<{ queries: number }>;
  /** The pull activity's retried attempts in the sync's history. */
  pullRetries(): Promise<PullRetry[]>;
  /** Query calls that read Contact pages: all of them minus one full pull of every other object. */
  contactQueries(queries: number): number;
  close(): Promise<void>;
}

export async function startInterruptedSyncFixture(options: { name: string; seed: number; org: OrgSize; pageSize: number }): Promise<InterruptedSyncFixture> {
  const secretKey = crypto.randomBytes(32);
  const taskQueue = uniqueName(`tq_${options.name}`);
  const emulator = await startEmulator({ seed: options.seed, org: options.org });
  const models = await connectTestModels(options.name);
  const temporal = await connectTemporalClient();
  const connection = await models.Connection.create({
    ...sealConnection(
      {
        name: `${options.name} org`,
        loginUrl: emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      },
      createSecretBox(secretKey),
    ),
    syncSettings: { pageSize: options.pageSize },
  });
  const connectionId = String(connection._id);
  const org = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
  await org.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await startWorkerProcess({ taskQueue, mongoUri: databaseUriOf(models), secretKey });
    workers.push(worker);
    return worker;
  };
  const handle = () => temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId));
  const contactCheckpoint = async (runId: string) => {
    const run = await models.Run.findById(runId, { checkpoints: 1 }).lean();
    return (run?.checkpoints as Record<string, PullCheckpoint> | undefined)?.['Contact-full'];
  };

  return {
    emulator,
    models,
    temporal,
    org,
    connectionId,
    workers,
    startWorker,
    contactCheckpoint,
    async startSlowFullSync(latencyMs, pages) {
      emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs });
      const { runId } = await startCrmAdminSync({ models, temporal: temporal.client, taskQueue }, connectionId, { mode: 'full' });
      await waitFor(`${pages} stored Contact pages`, async () => ((await contactCheckpoint(runId))?.pages ?? 0) >= pages || undefined, 180_000);
      return runId;
    },
    async finishOnNewWorker() {
      await startWorker();
      await handle().result();
      const queries = emulator.stats.byEndpoint.query ?? 0;
      emulator.faults.clear();
      return { queries };
    },
    async pullRetries() {
      const history = await handle().fetchHistory();
      const activityTypes = new Map<string, string>();
      const retries: PullRetry[] = [];
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled) activityTypes.set(String(event.eventId), scheduled.activityType?.name ?? '');
        const started = event.activityTaskStartedEventAttributes;
        if (started && activityTypes.get(String(started.scheduledEventId)) === 'pullObjectPages' && (started.attempt ?? 1) > 1) {
          retries.push({ attempt: started.attempt ?? 1, failureType: started.lastFailure?.applicationFailureInfo?.type, timeout: decodeTimeoutType(started.lastFailure?.timeoutFailureInfo?.timeoutType) });
        }
      }
      return retries;
    },
    contactQueries(queries) {
      const otherObjectPages = SALESFORCE_OBJECTS.filter((o) => o !== 'Contact').reduce((sum, o) => sum + pagesOfFullPull(emulator.store.count(o), options.pageSize), 0);
      return queries - otherObjectPages;
    },
    async close() {
      await killAllWorkerProcesses();
      await temporal.close();
      await models.db.dropDatabase();
      await models.db.close();
      await emulator.close();
    },
  };
}
