import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, fetchToken, startSmallEmulator, type Connected } from './dataverse-client';

describe('Dataverse emulator: service protection and injected faults', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeEach(async () => {
    emu = await startSmallEmulator({ org: { contacts: 20, leads: 5, accounts: 3, users: 2, opportunities: 2, campaigns: 1, lists: 1 } });
    client = connect(emu);
  });
  afterEach(() => emu.close());

  it('a service protection 429 carries Retry-After and the documented code; the client surfaces it and a retry after the wait succeeds', async () => {
    emu.faults.failNext('SERVICE_PROTECTION');
    const error = await client.api.retrieveMultiple({ collection: 'contacts', select: ['lastname'] }).then(() => undefined, (err: unknown) => err as { status: number; code: string; headers: Record<string, string> });
    expect(error).toMatchObject({ status: 429, code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' });
    expect(error?.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, Number(error?.headers['retry-after']) * 1000));
    await expect(client.api.retrieveMultiple({ collection: 'contacts', select: ['lastname'] })).resolves.toMatchObject({ value: expect.any(Array) });
    expect(emu.faults.injectedCounts()).toEqual({ SERVICE_PROTECTION: 1 });
  });

  it('more than the per-user limit of concurrent requests are refused with 429 0x80072326', async () => {
    // Long enough that all 60 are in flight together even on a loaded machine.
    emu.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 1000 });
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => client.api.retrieveMultiple({ collection: 'contacts', select: ['lastname'], top: 1 })));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { status: number; code: string; headers: Record<string, string> });
    expect(refused.length).toBe(60 - 52);
    expect(refused[0]).toMatchObject({ status: 429, code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 52.' });
    expect(refused[0].headers['retry-after']).toBeDefined();
    expect(emu.stats.concurrencyRejections).toBe(8);
  });

  it('an expired token answers 401; fetching a new token once recovers', async () => {
    await client.api.retrieveMultiple({ collection: 'contacts', top: 1 });
    emu.expireAllTokens();
    await expect(client.api.retrieveMultiple({ collection: 'contacts', top: 1 })).rejects.toMatchObject({ status: 401 });
    client.forgetToken();
    await expect(client.api.retrieveMultiple({ collection: 'contacts', top: 1 })).resolves.toMatchObject({ value: [expect.any(Object)] });
    expect(client.tokenRequests()).toBe(2);
  });

  it('the token endpoint answers like Entra ID: Bearer tokens with expires_in, AADSTS errors for a wrong secret', async () => {
    await expect(fetchToken(emu)).resolves.toMatchObject({ token_type: 'Bearer', expires_in: 3599, access_token: expect.any(String) });
    await expect(fetchToken(emu, { tenantId: '7a1c6c8e-0d1b-4e8e-9f3a-2b5c9d0e4f61', clientId: '3f2e4d5c-6b7a-4890-8a1b-2c3d4e5f6a7b', clientSecret: 'wrong' })).rejects.toThrow(/401.*invalid_client.*AADSTS7000215/);
  });

  it('server errors alternate 500 and 503 in the documented body shape', async () => {
    emu.faults.failNext('SERVER_ERROR', 2);
    await expect(client.api.retrieveMultiple({ collection: 'contacts', top: 1 })).rejects.toMatchObject({ status: 500, code: '0x80040216' });
    await expect(client.api.retrieveMultiple({ collection: 'contacts', top: 1 })).rejects.toMatchObject({ status: 503 });
  });

  it('per-record faults fail only the chosen rows, and a lock timeout fails one write', async () => {
    const [a, b] = emu.store.list('contact');
    emu.faults.failRecordWrites([a.contactid as string], { message: 'Behavior score is locked by a plug-in' });
    await expect(client.api.update({ collection: 'contacts', key: a.contactid as string, data: { new_behaviorscore: 1 } })).rejects.toMatchObject({ status: 400, code: '0x80040265', message: 'Behavior score is locked by a plug-in' });
    await expect(client.api.update({ collection: 'contacts', key: b.contactid as string, data: { new_behaviorscore: 1 } })).resolves.toBe(true);
    emu.faults.failNext('ROW_LOCK');
    await expect(client.api.update({ collection: 'contacts', key: b.contactid as string, data: { new_behaviorscore: 2 } })).rejects.toMatchObject({ status: 500, code: '0x80044151' });
    expect(emu.store.get('contact', b.contactid as string)?.new_behaviorscore).toBe(1);
    expect(emu.stats.writesOf(b.contactid as string)).toBe(1);
  });

  it('a lost answer: the write lands, the caller sees a reset connection', async () => {
    const [a] = emu.store.list('contact');
    emu.faults.failNext('LOST_ANSWER');
    await client.api.retrieveMultiple({ collection: 'contacts', top: 1 });
    await expect(client.api.update({ collection: 'contacts', key: a.contactid as string, data: { new_behaviorscore: 99 } })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/i) });
    expect(emu.store.get('contact', a.contactid as string)?.new_behaviorscore).toBe(99);
    expect(emu.stats.writesOf(a.contactid as string)).toBe(1);
    expect(emu.faults.injectedCounts()).toEqual({ LOST_ANSWER: 1 });
  });
});
