import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connectTo, startSmallEmulator } from './emulator-connector';

describe('Dynamics connector: service protection and faults', () => {
  let emu: RunningDynamicsEmulator;

  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(async () => {
    // The never-delete rule: no write path of the connector may ever send a DELETE.
    expect(emu.stats.deleteRequestsBy('crm-sync')).toBe(0);
    await emu.close();
  });

  it('a service protection 429 is retried after its Retry-After', async () => {
    const connector = connectTo(emu);
    emu.faults.failNext('SERVICE_PROTECTION');
    const started = Date.now();
    const page = await connector.fetchChangedPage({ object: 'contact', fields: ['lastname'], pageSize: 10 });
    expect(page.records).toHaveLength(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emu.faults.injectedCounts()).toEqual({ SERVICE_PROTECTION: 1 });
    expect(connector.rateLimitWaits).toEqual({ waits: 1, waitedMs: 1000 });
  });

  it('an expired access token is refreshed once and the call tried again', async () => {
    const connector = connectTo(emu);
    await connector.fetchIdPage({ object: 'contact', pageSize: 5 });
    emu.expireAllTokens();
    await expect(connector.fetchIdPage({ object: 'contact', pageSize: 5 })).resolves.toMatchObject({ ids: expect.any(Array) });
    emu.faults.failNext('INVALID_TOKEN', 2);
    await expect(connector.fetchIdPage({ object: 'contact', pageSize: 5 })).rejects.toMatchObject({ crmCode: 'INVALID_SESSION_ID' });
  });

  it('server errors are retried with backoff; persistent ones surface as SERVER_UNAVAILABLE with Dataverse’s code', async () => {
    const connector = connectTo(emu, { call: { attempts: 3 } });
    emu.faults.failNext('SERVER_ERROR', 2);
    await expect(connector.fetchIdPage({ object: 'lead', pageSize: 5 })).resolves.toMatchObject({ ids: expect.any(Array) });
    emu.faults.failNext('SERVER_ERROR', 3);
    await expect(connector.fetchIdPage({ object: 'lead', pageSize: 5 })).rejects.toMatchObject({ crmCode: 'SERVER_UNAVAILABLE' });
  });

  it('with answers lost after writes, every update and create lands exactly once', async () => {
    const connector = connectTo(emu);
    const contacts = emu.store.list('contact').slice(0, 30);
    emu.faults.failNext('LOST_ANSWER', 1);
    const updates = await connector.updateRecords({ object: 'contact', records: contacts.map((c, i) => ({ id: String(c.contactid), fields: { new_behaviorscore: 900 + i } })) });
    expect(updates.every((r) => r.success)).toBe(true);
    contacts.forEach((c, i) => {
      expect(emu.store.get('contact', String(c.contactid))?.new_behaviorscore).toBe(900 + i);
      expect(emu.stats.writesOf(String(c.contactid))).toBe(1);
    });

    const before = emu.store.count('lead');
    emu.faults.failNext('LOST_ANSWER', 1);
    const creates = await connector.createRecords({ object: 'lead', records: [1, 2, 3].map((n) => ({ ref: `m${n}`, fields: { lastname: `Lost ${n}`, subject: 'Lost answer' } })) });
    expect(creates.every((r) => r.success && r.id)).toBe(true);
    expect(emu.store.count('lead')).toBe(before + 3);
    for (const r of creates) expect(emu.stats.writesOf(r.id!)).toBe(1);
    expect(emu.faults.injectedCounts()).toEqual({ LOST_ANSWER: 2 });
  });

  it('row locks and random faults converge: every write lands exactly once', async () => {
    const connector = connectTo(emu);
    const contacts = emu.store.list('contact').slice(0, 40);
    emu.faults.failNext('ROW_LOCK', 3);
    emu.faults.set({ rate: 0.3, kinds: ['SERVER_ERROR', 'LOST_ANSWER', 'SERVICE_PROTECTION', 'INVALID_TOKEN'], retryAfterSeconds: 0, seed: 5 });
    const results = await connector.updateRecords({ object: 'contact', records: contacts.map((c, i) => ({ id: String(c.contactid), fields: { new_behaviorscore: 300 + i } })) });
    emu.faults.clear();
    expect(results.filter((r) => !r.success)).toEqual([]);
    contacts.forEach((c, i) => {
      expect(emu.store.get('contact', String(c.contactid))?.new_behaviorscore).toBe(300 + i);
      expect(emu.stats.writesOf(String(c.contactid))).toBe(1);
    });
  });

  it('keeps at most 8 requests in flight, so Dataverse’s concurrency limit is never met', async () => {
    const connector = connectTo(emu);
    emu.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 100 });
    await Promise.all(Array.from({ length: 60 }, () => connector.fetchIdPage({ object: 'contact', pageSize: 1 })));
    expect(emu.stats.concurrencyRejections).toBe(0);
    expect(connector.apiCallsUsed).toBe(61);
  });
});
