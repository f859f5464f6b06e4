import type { SyncStateDoc } from '../../../domain/models/sync-state';
import { presentConnectionFreshness } from '../../../api/presenters/connection-freshness';

const DAY_MS = 86_400_000;
const now = Date.parse('2024-06-15T12:00:00Z');
const OBJECTS = ['User', 'Account', 'Campaign', 'Lead', 'Contact', 'Opportunity', 'OpportunityContactRole', 'CampaignMember'];

function state(object: string, fields: Partial<SyncStateDoc> = {}): SyncStateDoc {
  return { _id: `c1:${object}`, connectionId: 'c1', object, watermark: { stamp: '2024-06-15T00:00:00.000Z', id: '001' }, lastSyncAt: new Date(now - DAY_MS), lastFullSyncAt: new Date(now - DAY_MS), ...fields };
}

describe("a connection's freshness", () => {
  it('gives no age for the connection until every object has synced, then the oldest object sync', () => {
    const some = presentConnectionFreshness(OBJECTS, [state('Lead')], 14, now);
    expect(some.oldestSyncAt).toBeNull();
    expect(some.objects.find((o) => o.object === 'Contact')).toMatchObject({ recordCount: 0, lastSyncAt: null, nextFullSyncAt: null, nextFullSyncReason: 'never synced' });

    const oldest = new Date(now - 3 * DAY_MS);
    const all = presentConnectionFreshness(OBJECTS, OBJECTS.map((o) => state(o, o === 'Account' ? { lastSyncAt: oldest } : {})), 14, now);
    expect(all.oldestSyncAt).toEqual(oldest);
  });

  it('says when and why the next sync of an object is full', () => {
    const { objects } = presentConnectionFreshness(
      OBJECTS,
      [
        state('Lead'),
        state('Contact', { lastFullSyncAt: new Date(now - 20 * DAY_MS) }),
        state('Account', { fullSyncRequested: { reason: 'mapping added Industry', at: new Date(now) } }),
        state('User', { lastFullSyncAt: null }),
      ],
      14,
      now,
    );
    const of = (object: string) => objects.find((o) => o.object === object);
    expect(of('Lead')).toMatchObject({ nextFullSyncAt: new Date(now + 13 * DAY_MS), nextFullSyncReason: 'every 14 days' });
    expect(of('Contact')).toMatchObject({ nextFullSyncAt: null, nextFullSyncReason: 'last full sync older than 14 days' });
    expect(of('Account')).toMatchObject({ nextFullSyncAt: null, nextFullSyncReason: 'mapping added Industry' });
    expect(of('User')).toMatchObject({ nextFullSyncAt: null, nextFullSyncReason: 'no full sync yet' });
  });
});
