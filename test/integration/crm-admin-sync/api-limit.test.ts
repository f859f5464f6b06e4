import { startCrmAdminSync } from '../../../api/services/run-starter';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import { crmAdminSyncWorkflowId } from '../../../contract';
import { waitFor } from '../../harness/wait-for';
import { expectMongoEqualsOrg, startSyncFixture, type SyncFixture } from './sync-fixture';

const PAGE_SIZE = 200;
const ORG = { leads: 100, contacts: 3_000, accounts: 50, users: 5, opportunities: 0, campaigns: 0 };
/**
 * The emulator counts every REST call against this (logins excepted). A first sync of ORG needs 8
 * describes and 31 query pages (16 of them Contact), so the 10 % reserve (2 calls) is reached after
 * the 18th call plus one: in the middle of the Contact pull.
 */
const DAILY_API_LIMIT = 20;

type RunSnapshot = { status: string; pausedReason?: string | null; checkpoints?: Record<string, PullCheckpoint> };

function startSync(f: SyncFixture) {
  return startCrmAdminSync({ models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue }, f.connectionId, { mode: 'full' });
}

async function runSnapshot(f: SyncFixture, runId: string): Promise<RunSnapshot> {
  const run = await f.models.Run.findById(runId, { status: 1, pausedReason: 1, checkpoints: 1 }).lean();
  if (!run) throw new Error(`run ${runId} missing`);
  return run as RunSnapshot;
}

describe('CRM Administration sync at the daily API limit', () => {
  let f: SyncFixture;
  const pagesOfFullPull = (object: string) => Math.floor(f.emulator.store.count(object) / PAGE_SIZE) + 1;

  beforeAll(async () => {
    f = await startSyncFixture('apilimit', { seed: 41, org: ORG, dailyApiLimit: DAILY_API_LIMIT }, { pageSize: PAGE_SIZE, apiReservePercent: 10, apiLimitPauseSeconds: 1 });
  });
  afterAll(() => f?.close());

  it('a sync that reaches the API reserve pauses at its checkpoint, then resumes by itself when the quota recovers and finishes without starting over', async () => {
    const { runId } = await startSync(f);
    const paused = await waitFor('the run to pause', async () => {
      const run = await runSnapshot(f, runId);
      return run.status === 'paused' ? run : undefined;
    });
    expect(paused.pausedReason).toContain('API limit reserve reached');
    const atPause = paused.checkpoints?.['Contact-full'];
    expect(atPause).toMatchObject({ done: false });
    expect(atPause?.pages).toBeGreaterThan(0);
    expect(atPause?.pages).toBeLessThan(pagesOfFullPull('Contact'));

    // While the quota stays exhausted the run keeps waiting: it checks the quota, it does not fail.
    await waitFor('two quota checks', async () => ((f.emulator.stats.byEndpoint.limits ?? 0) >= 2 ? true : undefined));
    const waiting = await runSnapshot(f, runId);
    expect(waiting.status).toBe('paused');
    expect(waiting.pausedReason).toContain('API limit reserve reached');

    // A new day: the org's usage counter starts again from zero.
    const queriesBeforeReset = f.emulator.stats.byEndpoint.query ?? 0;
    f.emulator.stats.reset();
    await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).result();
    const queries = queriesBeforeReset + (f.emulator.stats.byEndpoint.query ?? 0);

    const run = await f.models.Run.findById(runId).lean();
    expect(run).toMatchObject({ status: 'succeeded', pausedReason: null });
    const contact = (run?.checkpoints as Record<string, PullCheckpoint>)['Contact-full'];
    expect(contact).toMatchObject({ done: true, pages: pagesOfFullPull('Contact') });
    expect(contact?.counts.fetched).toBe(ORG.contacts);
    // Every page fetched exactly once over the pause: the pull went on from its checkpoint.
    expect(queries).toBe(SALESFORCE_OBJECTS.reduce((sum, object) => sum + pagesOfFullPull(object), 0));

    f.emulator.stats.reset(); // the comparison's own calls must not meet the limit
    await expectMongoEqualsOrg(f);
  });
});

describe('CRM Administration sync when the CRM refuses calls with REQUEST_LIMIT_EXCEEDED', () => {
  let f: SyncFixture;

  beforeAll(async () => {
    f = await startSyncFixture(
      'reqlimit',
      { seed: 42, org: { leads: 60, contacts: 90, accounts: 20, users: 3, opportunities: 15, campaigns: 2 } },
      { pageSize: PAGE_SIZE, apiLimitPauseSeconds: 1 },
    );
  });
  afterAll(() => f?.close());

  it('REQUEST_LIMIT_EXCEEDED on every request for a while pauses the run instead of failing it, and the run then succeeds', async () => {
    // More refusals than the activity retries on its own (4 tries), and the first quota checks too.
    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 6);
    const { runId } = await startSync(f);
    const paused = await waitFor('the run to pause', async () => {
      const run = await runSnapshot(f, runId);
      return run.status === 'paused' ? run : undefined;
    });
    expect(paused.pausedReason).toContain('REQUEST_LIMIT_EXCEEDED');

    await f.temporal.client.workflow.getHandle(crmAdminSyncWorkflowId(f.connectionId)).result();
    const run = await f.models.Run.findById(runId).lean();
    expect(run).toMatchObject({ status: 'succeeded', pausedReason: null });
    expect(run?.error?.message ?? null).toBeNull();
    // The refused quota checks were part of the wait.
    expect(f.emulator.stats.byEndpoint.limits).toBeGreaterThanOrEqual(3);
    await expectMongoEqualsOrg(f);
  });
});
