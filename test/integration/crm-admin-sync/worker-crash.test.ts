import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeTimeoutType } from '@temporalio/common';
import { Connection as SfConnection } from 'jsforce';
import { startCrmAdminSync } from '../../../api/services/run-starter';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import type { Models } from '../../../domain/models';
import { syncStateKey } from '../../../domain/models/sync-state';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { connectTemporalClient, connectTestModels, uniqueName } from '../../harness/services';
import { databaseUriOf, killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../../harness/worker-process';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg } from './sync-fixture';

const PAGE_SIZE = 200;
/** 21 Contact pages of 200; with every CRM call slowed down, the Contact pull takes several seconds. */
const ORG = { leads: 300, contacts: 4_000, accounts: 300, users: 5, opportunities: 0, campaigns: 0 };
const CALL_LATENCY_MS = 150;
const SECRETS = [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.securityToken, DEMO_CREDENTIALS.clientSecret];

/** A keyset pull of n records makes floor(n / pageSize) full pages and one short (maybe empty) last page. */
const pagesOfFullPull = (records: number) => Math.floor(records / PAGE_SIZE) + 1;

describe('CRM Administration sync: a worker process killed mid-sync', () => {
  const secretKey = crypto.randomBytes(32);
  const taskQueue = uniqueName('tq_crash');
  let emulator: RunningEmulator;
  let models: Models;
  let temporal: { client: Client; close(): Promise<void> };
  let org: SfConnection;
  let connectionId: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 21, org: ORG });
    models = await connectTestModels('workercrash');
    temporal = await connectTemporalClient();
    const connection = await models.Connection.create({
      ...sealConnection(
        {
          name: 'Crash test org',
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

  it('a worker killed with SIGKILL in the middle of a large sync, then started again, ends with MongoDB equal to the org, no duplicates, and fewer pages fetched than a restart from scratch', async () => {
    const workerOptions = { taskQueue, mongoUri: databaseUriOf(models), secretKey };
    workers.push(await startWorkerProcess(workerOptions));
    emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: CALL_LATENCY_MS });
    const { runId } = await startCrmAdminSync({ models, temporal: temporal.client, taskQueue }, connectionId, { mode: 'full' });

    const contactPages = pagesOfFullPull(ORG.contacts);
    const atKill = await waitFor('some stored Contact pages', async () => {
      const run = await models.Run.findById(runId, { checkpoints: 1 }).lean();
      const checkpoint = (run?.checkpoints as Record<string, PullCheckpoint> | undefined)?.['Contact-full'];
      return checkpoint && checkpoint.pages >= 3 ? checkpoint : undefined;
    });
    await workers[0].kill('SIGKILL');
    expect(await workers[0].exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The kill must land mid-pull, or the test proves nothing about resuming.
    expect(atKill.done).toBe(false);
    expect(atKill.pages).toBeLessThan(contactPages - 3);

    workers.push(await startWorkerProcess(workerOptions));
    const handle = temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(connectionId));
    await handle.result();
    const queries = emulator.stats.byEndpoint.query ?? 0;
    emulator.faults.clear();

    const run = await models.Run.findById(runId).lean();
    expect(run?.status).toBe('succeeded');
    // Every Contact fetched once: the retried attempt went on from the stored checkpoint.
    expect((run?.counts as Record<string, { fetched: number }>).Contact.fetched).toBe(ORG.contacts);

    // The pull was retried by the second worker after the first one stopped heartbeating.
    const history = await handle.fetchHistory();
    const activityTypes = new Map<string, string>();
    const pullAttempts: { attempt: number; timeout?: string }[] = [];
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) activityTypes.set(String(event.eventId), scheduled.activityType?.name ?? '');
      const started = event.activityTaskStartedEventAttributes;
      if (started && activityTypes.get(String(started.scheduledEventId)) === 'pullObjectPages' && (started.attempt ?? 1) > 1) {
        pullAttempts.push({ attempt: started.attempt ?? 1, timeout: decodeTimeoutType(started.lastFailure?.timeoutFailureInfo?.timeoutType) });
      }
    }
    expect(pullAttempts).toEqual([{ attempt: 2, timeout: 'HEARTBEAT' }]);

    // A restart from scratch would fetch every Contact page again. Resuming fetches again at most
    // the one page that was in flight (fetched, not yet stored) when the worker died.
    const otherObjectPages = SALESFORCE_OBJECTS.filter((o) => o !== 'Contact').reduce((sum, o) => sum + pagesOfFullPull(emulator.store.count(o)), 0);
    const contactQueries = queries - otherObjectPages;
    expect(contactQueries).toBeLessThan(2 * contactPages);
    expect(contactQueries).toBeGreaterThanOrEqual(contactPages);
    expect(contactQueries).toBeLessThanOrEqual(contactPages + 1);

    // No duplicates: one local record per CRM record, keyed by (connection, CRM id).
    expect(await models.crmRecords.Contact.countDocuments({ connectionId })).toBe(emulator.store.count('Contact'));
    expect(new Set(await models.crmRecords.Contact.distinct('crmId', { connectionId })).size).toBe(ORG.contacts);
    await expectMongoEqualsOrg({ org, models, connectionId });
    expect(await models.SeenIds.countDocuments({ runId })).toBe(0);
    const state = await models.SyncState.findById(syncStateKey(connectionId, 'Contact')).lean();
    expect(state?.recordCount).toBe(ORG.contacts);

    // What the workers logged holds no CRM secret (secrets.test.ts covers histories and pages).
    const logs = workers.map((w) => w.output()).join('\n');
    for (const secret of SECRETS) expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
  });
});
