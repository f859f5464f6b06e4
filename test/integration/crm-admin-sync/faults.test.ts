import type { FaultKind } from '../../../sf-emulator';
import { expectMongoEqualsOrg, orgPicker, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

/** Request-level faults a real org shows: rate limiting, expired sessions, outages, slowness. */
const FAULT_KINDS: FaultKind[] = ['REQUEST_LIMIT_EXCEEDED', 'INVALID_SESSION_ID', 'SERVER_ERROR', 'LATENCY'];
const FAULT_RATE = 0.15;

describe('CRM Administration sync under injected CRM faults', () => {
  let f: SyncFixture;
  const { ids, pick } = orgPicker(() => f, 17);

  /**
   * Faults on a share of the sync's requests, after one of each kind up front so every kind is met
   * whatever the random draw; the test's own calls to the org run without.
   */
  async function withFaults<T>(seed: number, body: () => Promise<T>): Promise<T> {
    for (const kind of FAULT_KINDS) f.emulator.faults.failNext(kind, 1);
    f.emulator.faults.set({ rate: FAULT_RATE, kinds: FAULT_KINDS, latencyMs: 40, seed });
    try {
      return await body();
    } finally {
      f.emulator.faults.clear();
    }
  }

  /** What the emulator injected since the last look, so the test cannot pass with faults silently off. */
  function takeInjected(): Record<string, number> {
    const taken = f.emulator.faults.injectedCounts();
    f.emulator.faults.resetInjectedCounts();
    return taken;
  }

  beforeAll(async () => {
    f = await startSyncFixture(
      'faults',
      { seed: 31, org: { leads: 400, contacts: 600, accounts: 120, users: 6, opportunities: 150, campaigns: 5 } },
      // Pages of 200 so each object takes several requests; a rare API-limit pause waits 1 s, not 15 min.
      { pageSize: 200, apiLimitPauseSeconds: 1 },
    );
  });
  afterAll(() => f?.close());

  it('a full sync with CRM requests failing or slow (one of each fault, then 15 % at random) makes MongoDB equal the org', async () => {
    const run = await withFaults(3, () => runSync(f, { mode: 'full' }));
    expect(run.status).toBe('succeeded');
    expect(run.error?.message ?? null).toBeNull();
    const faults = takeInjected();
    for (const kind of FAULT_KINDS) expect({ kind, injected: (faults[kind] ?? 0) > 0 }).toEqual({ kind, injected: true });
    await expectMongoEqualsOrg(f);
  });

  it('after random inserts, updates and deletes, an incremental sync under the same faults makes MongoDB equal the org again', async () => {
    const contacts = pick(ids('Contact'), 60);
    await f.org.sobject('Contact').update(contacts.slice(0, 45).map((Id, i) => ({ Id, Title: `Faulty title ${i}` })), { allOrNone: true });
    await f.org.sobject('Contact').destroy(contacts.slice(45));
    const accountId = ids('Account')[0] as string;
    await f.org.sobject('Contact').create(Array.from({ length: 30 }, (_, i) => ({ LastName: `Fault ${i}`, Email: `fault.${i}@example.com`, AccountId: accountId })), { allOrNone: true });
    const leads = pick(ids('Lead'), 40);
    await f.org.sobject('Lead').update(leads.slice(0, 30).map((Id) => ({ Id, Company: 'Fault Tolerant Ltd' })), { allOrNone: true });
    await f.org.sobject('Lead').destroy(leads.slice(30));
    await f.org.sobject('Lead').create(Array.from({ length: 20 }, (_, i) => ({ LastName: `Lead fault ${i}`, Company: 'New Co' })), { allOrNone: true });
    await f.org.sobject('Opportunity').update(pick(ids('Opportunity'), 15).map((Id) => ({ Id, StageName: 'Closed Lost' })), { allOrNone: true });
    // Campaign removals leave no recycle-bin entry (as in Salesforce): the drift check, under the same faults, removes them.
    await f.org.sobject('CampaignMember').destroy(pick(ids('CampaignMember'), 10));

    const run = await withFaults(4, () => runSync(f, { mode: 'incremental', driftCheck: true }));
    expect(run.status).toBe('succeeded');
    expect((run.counts as Record<string, { mode: string }>).Contact.mode).toBe('incremental');
    const faults = takeInjected();
    for (const kind of FAULT_KINDS) expect({ kind, injected: (faults[kind] ?? 0) > 0 }).toEqual({ kind, injected: true });
    await expectMongoEqualsOrg(f);
  });
});
