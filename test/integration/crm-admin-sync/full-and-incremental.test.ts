import { SYNCED_OBJECTS } from '../../../domain/crm/synced-objects';
import { syncStateKey } from '../../../domain/models/sync-state';
import { expectMongoEqualsOrg, runSync, startSyncFixture, type SyncFixture } from './sync-fixture';

describe('CRM Administration sync: full, then incremental', () => {
  let f: SyncFixture;

  beforeAll(async () => {
    f = await startSyncFixture('fullincr', {
      seed: 11,
      // Pages of 200 so every object spans several pages.
      org: { leads: 300, contacts: 500, accounts: 120, users: 8, opportunities: 150, campaigns: 6 },
    }, { pageSize: 200 });
  });
  afterAll(() => f?.close());

  it('a first sync is full for every object and makes MongoDB equal the org, field by field', async () => {
    const run = await runSync(f, { mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    const counts = run.counts as Record<string, { mode: string; reason: string; fetched: number; inserted: number }>;
    for (const object of SYNCED_OBJECTS) {
      expect(counts[object]).toMatchObject({ mode: 'full', reason: 'first sync of this object' });
      expect(counts[object]?.inserted).toBe(f.emulator.store.count(object));
    }
    await expectMongoEqualsOrg(f);
    const state = await f.models.SyncState.findById(syncStateKey(f.connectionId, 'Contact')).lean();
    expect(state?.watermark?.stamp).toBeTruthy();
    expect(state?.recordCount).toBe(f.emulator.store.count('Contact'));
  });
});
