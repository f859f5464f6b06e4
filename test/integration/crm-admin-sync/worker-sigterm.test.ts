import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Connection as SfConnection } from 'jsforce';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { WORKER_SHUTDOWN_FAILURE } from '../../../activities/worker-shutdown';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import type { Models } from '../../../domain/models';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { jsonLinesOf } from '../../harness/log-lines';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { databaseUriOf, killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg } from './sync-fixture';

const PAGE_SIZE = 200;
/**
 * 26 Contact pages, each call slowed down so the pull outlasts the worker's default grace time
 * (10 s) by several pages: the SIGTERM then ends the attempt mid-pull, as it would a real full sync.
 */
const ORG = { leads: 300, contacts: 5_000, accounts: 300, users: 5, opportunities: 0, campaigns: 0 };
const CALL_LATENCY_MS = 800;
const SECRETS = [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.securityToken, DEMO_CREDENTIALS.clientSecret];
/** What the issue promises an orchestrator: a stop within its usual 30 s. */
const STOP_WITHIN_MS = 30_000;

/** A keyset pull of n records makes floor(n / pageSize) full pages and one short (maybe empty) last page. */
const pagesOfFullPull = (records: number) => Math.floor(records / PAGE_SIZE) + 1;

async function storedContactCheckpoint(models: Models, runId: string): Promise<PullCheckpoint | undefined> {
  const run = await models.Run.findById(runId, { checkpoints: 1 }).lean();
  return (run?.checkpoints as Record<string, PullCheckpoint> | undefined)?.['Contact-full'];
}

describe('CRM Administration sync: a worker stopped with SIGTERM mid-sync', () => {
  const secretKey = crypto.randomBytes(32);
  const taskQueue = uniqueName('tq_sigterm');
  let emulator: RunningEmulator;
  let models: Models;
  let temporal: { client: Client; close(): Promise<void> };
  let org: SfConnection;
  let connectionId: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 26, org: ORG });
    models = await connectTestModels('workersigterm');
    temporal = await connectTemporalClient();
    const connection = await models.Connection.create({
      ...sealConnection(
        {
          name: 'SIGTERM test org',
          loginUrl: emulator.url,
          auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
        },
        createSecretBox(secretKey),
      ),
      syncSettings: { pageSize: PAGE_SIZE },
    });
    connectionId = String(connection._id);
    org = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
    await org.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  });

  afterAll(async () => {
    await killAllWorkerProcesses();
    await temporal?.close();
    if (models) {
      await models.db.dropDatabase();
      await models.db.close();
    }
    await emulator?.close();
  });

  it('the worker exits 0 within 30 s, and the next worker finishes the sync without reading the stored pages again', async () => {
    const workerOptions = { taskQueue, mongoUri: databaseUriOf(models), secretKey };
    workers.push(await startWorkerProcess(workerOptions));
    emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: CALL_LATENCY_MS });
    const { runId } = await startCrmAdminSync({ models, temporal: temporal.client, taskQueue }, connectionId, { mode: 'full' });

    const contactPages = pagesOfFullPull(ORG.contacts);
    await waitFor('some stored Contact pages', async () => {
      const checkpoint = await storedContactCheckpoint(models, runId);
      return checkpoint && checkpoint.pages >= 3 ? checkpoint : undefined;
    }, 180_000);
    const signalledAt = Date.now();
    process.kill(workers[0].pid, 'SIGTERM');
    const exit = await workers[0].exited;
    const stoppedInMs = Date.now() - signalledAt;
    expect({ exit, within30s: stoppedInMs < STOP_WITHIN_MS }).toEqual({ exit: { code: 0, signal: null }, within30s: true });

    // The stop must land mid-pull, or the test proves nothing about resuming.
    const atExit = await storedContactCheckpoint(models, runId);
    expect(atExit?.done).toBe(false);
    expect(atExit?.pages).toBeLessThan(contactPages - 3);

    workers.push(await startWorkerProcess(workerOptions));
    const handle = temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId));
    await handle.result();
    const queries = emulator.stats.byEndpoint.query ?? 0;
    emulator.faults.clear();

    const run = await models.Run.findById(runId).lean();
    expect(run?.status).toBe('succeeded');
    // Every Contact stored once: the second attempt went on from the stored checkpoint.
    expect((run?.counts as Record<string, { fetched: number }>).Contact.fetched).toBe(ORG.contacts);

    // The stopping worker handed the pull over: its attempt failed retryably as a shutdown, so the
    // second worker's attempt did not wait out a heartbeat timeout.
    const history = await handle.fetchHistory();
    const activityTypes = new Map<string, string>();
    const pullRetries: { attempt: number; failureType?: string | null; timedOut: boolean }[] = [];
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) activityTypes.set(String(event.eventId), scheduled.activityType?.name ?? '');
      const started = event.activityTaskStartedEventAttributes;
      if (started && activityTypes.get(String(started.scheduledEventId)) === 'pullObjectPages' && (started.attempt ?? 1) > 1) {
        pullRetries.push({
          attempt: started.attempt ?? 1,
          failureType: started.lastFailure?.applicationFailureInfo?.type,
          timedOut: Boolean(started.lastFailure?.timeoutFailureInfo),
        });
      }
    }
    expect(pullRetries).toEqual([{ attempt: 2, failureType: WORKER_SHUTDOWN_FAILURE, timedOut: false }]);

    // A restart from scratch would read every Contact page again. Going on from the checkpoint reads
    // again at most the one page that was fetched but not yet stored when the attempt was cancelled.
    const otherObjectPages = SALESFORCE_OBJECTS.filter((o) => o !== 'Contact').reduce((sum, o) => sum + pagesOfFullPull(emulator.store.count(o)), 0);
    const contactQueries = queries - otherObjectPages;
    expect(contactQueries).toBeGreaterThanOrEqual(contactPages);
    expect(contactQueries).toBeLessThanOrEqual(contactPages + 1);

    expect(new Set(await models.crmRecords.Contact.distinct('crmId', { connectionId })).size).toBe(ORG.contacts);
    await expectMongoEqualsOrg({ org, models, connectionId });

    // The stopped worker's JSON lines say which attempt of which run it handed over, and hold no CRM secret.
    const handedOver = jsonLinesOf(workers[0].output()).find((line) => line.msg === 'Activity failed' && line.activityType === 'pullObjectPages');
    expect(handedOver).toMatchObject({ level: 'warn', component: 'worker', attempt: 1, runId, connectionId, workflowId: crmAdminSyncWorkflowId(connectionId) });
    expect(JSON.stringify(handedOver)).toContain(WORKER_SHUTDOWN_FAILURE);
    const logs = workers.map((w) => w.output()).join('\n');
    for (const secret of SECRETS) expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
  });
});
