import { syncStateKey } from '../../../domain/models/sync-state';
import { DEMO_CREDENTIALS } from '../../../sf-emulator';
import { pagesOfFullPull, startInterruptedSyncFixture, type InterruptedSyncFixture } from './interrupted-sync-fixture';
import { expectMongoEqualsOrg } from './sync-fixture';

const PAGE_SIZE = 200;
/** 21 Contact pages of 200; with every CRM call slowed down, the Contact pull takes several seconds. */
const ORG = { leads: 300, contacts: 4_000, accounts: 300, users: 5, opportunities: 0, campaigns: 0 };
const CALL_LATENCY_MS = 150;
const SECRETS = [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.securityToken, DEMO_CREDENTIALS.clientSecret];

describe('CRM Administration sync: a worker process killed mid-sync', () => {
  let f: InterruptedSyncFixture;

  beforeAll(async () => {
    f = await startInterruptedSyncFixture({ name: 'workercrash', seed: 21, org: ORG, pageSize: PAGE_SIZE });
  });
  afterAll(() => f?.close());

  it('a worker killed with SIGKILL in the middle of a large sync, then started again, ends with MongoDB equal to the org, no duplicates, and fewer pages fetched than a restart from scratch', async () => {
    const { models, emulator, connectionId } = f;
    const first = await f.startWorker();
    const runId = await f.startSlowFullSync(CALL_LATENCY_MS, 3);
    const atKill = await f.contactCheckpoint(runId);
    await first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The kill must land mid-pull, or the test proves nothing about resuming.
    const contactPages = pagesOfFullPull(ORG.contacts, PAGE_SIZE);
    expect(atKill?.done).toBe(false);
    expect(atKill?.pages).toBeLessThan(contactPages - 3);

    const { queries } = await f.finishOnNewWorker();
    const run = await models.Run.findById(runId).lean();
    expect(run?.status).toBe('succeeded');
    // Every Contact fetched once: the retried attempt went on from the stored checkpoint.
    expect((run?.counts as Record<string, { fetched: number }>).Contact.fetched).toBe(ORG.contacts);

    // The pull was retried by the second worker after the first one stopped heartbeating.
    const retries = (await f.pullRetries()).map((r) => ({ attempt: r.attempt, timeout: r.timeout }));
    expect(retries).toEqual([{ attempt: 2, timeout: 'HEARTBEAT' }]);

    // A restart from scratch would fetch every Contact page again. Resuming fetches again at most
    // the two pages a killed worker can leave behind: the one being stored (not yet checkpointed)
    // and the one read ahead meanwhile.
    const contactQueries = f.contactQueries(queries);
    expect(contactQueries).toBeGreaterThanOrEqual(contactPages);
    expect(contactQueries).toBeLessThanOrEqual(contactPages + 2);

    // No duplicates: one local record per CRM record, keyed by (connection, CRM id).
    expect(await models.crmRecords.Contact.countDocuments({ connectionId })).toBe(emulator.store.count('Contact'));
    expect(new Set(await models.crmRecords.Contact.distinct('crmId', { connectionId })).size).toBe(ORG.contacts);
    await expectMongoEqualsOrg({ org: f.org, models, connectionId });
    expect(await models.SeenIds.countDocuments({ runId })).toBe(0);
    const state = await models.SyncState.findById(syncStateKey(connectionId, 'Contact')).lean();
    expect(state?.recordCount).toBe(ORG.contacts);

    // What the workers logged holds no CRM secret (secrets.test.ts covers histories and pages).
    const logs = f.workers.map((w) => w.output()).join('\n');
    for (const secret of SECRETS) expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
  });
});
