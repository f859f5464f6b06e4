import { adminSyncRunInc, adminSyncRunSet } from '../../../domain/runs/admin-sync-record';

describe('an admin sync run write', () => {
  it('sets only the object count fields given, as dotted paths, so one object never overwrites another', () => {
    expect(adminSyncRunSet({ objects: { Lead: { mode: 'full', reason: 'first sync', deleted: undefined }, Contact: { deleted: 2 } } })).toEqual({
      'counts.Lead.mode': 'full',
      'counts.Lead.reason': 'first sync',
      'counts.Contact.deleted': 2,
    });
  });

  it('writes whole checkpoints, progress (null clears it) and the API usage', () => {
    const checkpoint = { pages: 3, done: false };
    expect(adminSyncRunSet({ checkpoints: { 'Lead-full': checkpoint }, progress: null, apiUsage: { used: 5, max: 100 } })).toEqual({
      'checkpoints.Lead-full': checkpoint,
      progress: null,
      apiUsage: { used: 5, max: 100 },
    });
  });

  it('an empty patch sets nothing (only API calls may be counted)', () => {
    expect(adminSyncRunSet({ apiCalls: 3 })).toEqual({});
  });

  it('adds API calls and rate-limit waits; zero waits are still added, so a CRM met with waits records "none" rather than nothing', () => {
    expect(adminSyncRunInc({ apiCalls: 3, rateLimitWaits: { waits: 2, waitedMs: 1500 } })).toEqual({ apiCalls: 3, 'rateLimitWaits.waits': 2, 'rateLimitWaits.waitedMs': 1500 });
    expect(adminSyncRunInc({ apiCalls: 0, rateLimitWaits: { waits: 0, waitedMs: 0 } })).toEqual({ 'rateLimitWaits.waits': 0, 'rateLimitWaits.waitedMs': 0 });
    // A connector that waits nothing out gives no waits, and the run gets no such counter.
    expect(adminSyncRunInc({ apiCalls: 1 })).toEqual({ apiCalls: 1 });
  });
});
