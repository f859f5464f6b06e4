import { syncStateKey } from '../../../domain/models/sync-state';
import type { PullCheckpoint } from '../../../activities/crm-admin-sync/checkpoint';
import { expectMongoEqualsOrg, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

type Counts = Record<string, { mode: string; fetched: number; inserted: number; readPath?: string }>;

describe('CRM Administration sync: large objects are read through Bulk API 2.0', () => {
  let f: SyncFixture;

  beforeAll(async () => {
    // A threshold of 1,500 records: Lead (2,000), Contact (3,000) and CampaignMember go through bulk, the rest through REST.
    f = await startSyncFixture('bulkread', { seed: 21, org: { leads: 2_000, contacts: 3_000, accounts: 300, users: 10, opportunities: 400, campaigns: 8 } }, { bulkQueryThreshold: 1_500 });
  });
  afterAll(() => f?.close());

  it('a full sync reads objects above the threshold with one query job each, records the path, and ends equal to the org', async () => {
    const run = await runSync(f, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    const counts = run.counts as Counts;
    const bulkObjects = Object.entries(counts).filter(([, c]) => c.readPath === 'bulk').map(([object]) => object).sort();
    const expectedBulk = ['CampaignMember', 'Contact', 'Lead', 'OpportunityContactRole', 'Opportunity', 'Account', 'Campaign', 'User']
      .filter((object) => f.emulator.store.count(object) > 1_500)
      .sort();
    expect(bulkObjects).toEqual(expectedBulk);
    expect(bulkObjects).toEqual(expect.arrayContaining(['Contact', 'Lead']));
    expect(counts.Account?.readPath).toBe('rest');
    for (const object of bulkObjects) expect(counts[object]?.fetched).toBe(f.emulator.store.count(object));
    // One job per bulk object; its results in pages of 10,000 instead of REST pages of 2,000.
    expect(f.emulator.stats.byEndpoint['bulk2.query.create']).toBe(bulkObjects.length);
    await expectMongoEqualsOrg(f);

    // The watermark of a bulk read is the furthest record stored, as after a REST read.
    const contacts = f.emulator.store.list('Contact');
    const newest = contacts.reduce((a, b) => (String(a.SystemModstamp) > String(b.SystemModstamp) || (a.SystemModstamp === b.SystemModstamp && String(a.Id) > String(b.Id)) ? a : b));
    const state = await f.models.SyncState.findById(syncStateKey(f.connectionId, 'Contact')).lean();
    expect(state?.watermark?.id).toBe(newest.Id);
    const checkpoint = (run.checkpoints as Record<string, PullCheckpoint>)['Contact-full'];
    expect(checkpoint).toMatchObject({ readPath: 'bulk', done: true });
  });

  it('a REST full sync after a bulk one finds every record unchanged: both paths store identical documents', async () => {
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { 'syncSettings.bulkQueryThreshold': 100_000_000 } });
    const run = await runSync(f, { mode: 'full' });
    const counts = run.counts as Record<string, { inserted: number; updated: number; unchanged: number; fetched: number }>;
    for (const [object, c] of Object.entries(counts)) {
      expect((c as { readPath?: string }).readPath).toBe('rest');
      expect({ object, updated: c.updated, inserted: c.inserted }).toEqual({ object, updated: 0, inserted: 0 });
    }
    await expectMongoEqualsOrg(f);
  });

  it('an incremental sync stays on REST pages', async () => {
    const lead = f.emulator.store.list('Lead')[0];
    f.emulator.store.update('Lead', String(lead.Id), { Company: 'Bulk Read Test Co' });
    const run = await runSync(f, { mode: 'incremental' });
    const counts = run.counts as Counts;
    expect(counts.Lead).toMatchObject({ mode: 'incremental', readPath: 'rest' });
    await expectMongoEqualsOrg(f, ['Lead']);
  });
});
