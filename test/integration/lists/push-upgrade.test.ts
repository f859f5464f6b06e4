import { runSync } from '../crm-admin-sync/sync-fixture';
import { startListFixture, type ListFixture } from './list-fixture';

const ORG = { leads: 10, contacts: 10_000, accounts: 50, users: 3, opportunities: 10, campaigns: 1 };

/**
 * Upgrading to agreed values: lists written before them get their agreed values from the local
 * CRM copy at the next sync, without a push storm.
 */
describe('a list from before agreed values', () => {
  let f: ListFixture;
  let listId: string;

  beforeAll(async () => {
    f = await startListFixture('push_upgrade', { org: ORG, seed: 28 });
    listId = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
  }, 300_000);
  afterAll(() => f?.close());

  it('with 10,000 members makes 0 CRM writes when nothing changed on either side, and takes the CRM users\' edits made before the upgrade', async () => {
    const ids = (await f.models.ListMember.find({ listId }, { crmId: 1 }).sort({ crmId: 1 }).lean()).map((m) => m.crmId);
    expect(ids).toHaveLength(10_000);
    // What an older version left: no agreed values on half the members, no change notes on any.
    await f.models.ListMember.updateMany({ listId, crmId: { $in: ids.slice(0, 5_000) } }, { $unset: { syncedValues: 1, localChanges: 1 } });
    // CRM users edited 300 scores before the upgrade; the older push would have written them back.
    const edited = new Map(ids.slice(4_850, 5_150).map((id, i) => [id, 9_000 + i]));
    for (const [id, score] of edited) f.emulator.store.update('Contact', id, { Behavior_Score__c: score });
    await runSync(f, { mode: 'incremental' });
    f.emulator.stats.reset();

    const run = await f.syncList(listId);
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    expect(run.counts.push).toMatchObject({ candidates: 0, pushed: 0, failed: 0, calls: 0 });
    expect(f.emulator.stats.writesByRecordId.size).toBe(0);
    const members = await f.models.ListMember.find({ listId, crmId: { $in: [...edited.keys()] } }, { crmId: 1, values: 1, syncedValues: 1 }).lean();
    for (const m of members) expect({ id: m.crmId, list: m.values.behaviorScore, agreed: m.syncedValues?.behaviorScore }).toEqual({ id: m.crmId, list: edited.get(m.crmId), agreed: edited.get(m.crmId) });
    // Every member now has its agreed value: a later marketing change is a plain push.
    expect(await f.models.ListMember.countDocuments({ listId, 'syncedValues.behaviorScore': { $exists: false } })).toBe(0);
  }, 300_000);
});
