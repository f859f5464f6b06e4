import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection, tokenOnlyConnection } from './connect';

describe('fault injection and API usage accounting', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({ org: { leads: 10, contacts: 10, accounts: 2, users: 1, opportunities: 2, campaigns: 1 }, dailyApiLimit: 5_000 });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.clear());

  it('surfaces an injected 403 REQUEST_LIMIT_EXCEEDED to jsforce, then recovers', async () => {
    emu.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    await expect(conn.query('SELECT Id FROM Lead')).resolves.toMatchObject({ totalSize: 10 });
  });

  it('surfaces an injected 401 INVALID_SESSION_ID to a connection that cannot re-login', async () => {
    const bare = tokenOnlyConnection(conn);
    emu.faults.failNext('INVALID_SESSION_ID', 1);
    await expect(bare.query('SELECT Id FROM Lead')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
  });

  it('answers injected server errors with 500 UNKNOWN_EXCEPTION, then 503 SERVER_UNAVAILABLE', async () => {
    const id = emu.store.list('Lead')[0].Id;
    emu.faults.failNext('SERVER_ERROR', 2);
    // jsforce does not retry PATCH, so both errors reach the caller.
    await expect(conn.sobject('Lead').update({ Id: id, Title: 'x' })).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
    await expect(conn.sobject('Lead').update({ Id: id, Title: 'x' })).rejects.toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
  });

  it('LOST_ANSWER carries a write out and drops the connection instead of answering; reads are never hit', async () => {
    const id = emu.store.list('Lead')[0].Id;
    emu.faults.resetInjectedCounts();
    emu.faults.failNext('LOST_ANSWER', 1);
    // The queued fault waits for a write: this read is answered.
    await expect(conn.query('SELECT Id FROM Lead')).resolves.toMatchObject({ totalSize: 10 });
    const writesBefore = emu.stats.writesOf(String(id));
    await expect(conn.sobject('Lead').update({ Id: String(id), Title: 'Landed without an answer' })).rejects.toMatchObject({ name: 'FetchError', code: 'ECONNRESET' });
    expect(emu.store.get('Lead', String(id))?.Title).toBe('Landed without an answer');
    expect(emu.stats.writesOf(String(id))).toBe(writesBefore + 1);
    expect(emu.faults.injectedCounts()).toEqual({ LOST_ANSWER: 1 });
    await expect(conn.sobject('Lead').update({ Id: String(id), Title: 'Answered' })).resolves.toMatchObject({ success: true });
  });

  it('lets jsforce retry a GET that met a server error on its own', async () => {
    emu.faults.failNext('SERVER_ERROR', 1);
    const before = emu.stats.byEndpoint.query ?? 0;
    await expect(conn.query('SELECT Id FROM Lead')).resolves.toMatchObject({ totalSize: 10 });
    expect((emu.stats.byEndpoint.query ?? 0) - before).toBe(2);
  });

  it('fails writes to chosen records with the given error until the record faults are cleared', async () => {
    const [a, b] = emu.store.list('Lead').slice(0, 2).map((r) => r.Id);
    const rule = { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] };
    emu.faults.failRecordWrites([a.slice(0, 15)], rule);
    await expect(conn.sobject('Lead').update({ Id: a, Behavior_Score__c: 5000 })).rejects.toMatchObject({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000' });
    const results = await conn.sobject('Lead').update([{ Id: a, Behavior_Score__c: 5000 }, { Id: b, Behavior_Score__c: 5 }], { allOrNone: false });
    expect(results).toEqual([
      { id: a, success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] }] },
      { id: b, success: true, errors: [] },
    ]);
    expect(emu.store.get('Lead', a)?.Behavior_Score__c).not.toBe(5000);

    emu.faults.clearRecordWriteFaults();
    await expect(conn.sobject('Lead').update({ Id: a, Behavior_Score__c: 5000 })).resolves.toMatchObject({ success: true });
    emu.faults.failRecordWrites([a], rule);
    emu.faults.clear();
    await expect(conn.sobject('Lead').update({ Id: a, Behavior_Score__c: 6000 })).resolves.toMatchObject({ success: true });
  });

  it('answers ENTITY_IS_DELETED for an update of a deleted record, before any injected record fault', async () => {
    const id = emu.store.insert('Lead', { LastName: 'Gone', Company: 'Gone Inc' }).Id;
    emu.store.delete('Lead', id);
    emu.faults.failRecordWrites([id], { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'never reached' });
    await expect(conn.sobject('Lead').update({ Id: id, Title: 'x' })).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    const [result] = await conn.sobject('Lead').update([{ Id: id, Title: 'x' }], { allOrNone: false });
    expect(result).toMatchObject({ success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }] });
  });

  it('delays responses when LATENCY is injected', async () => {
    emu.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 150 });
    const started = Date.now();
    await conn.query('SELECT Id FROM Lead LIMIT 1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails requests at the configured rate, reproducibly for a seed', async () => {
    const outcomes = async () => {
      emu.faults.set({ rate: 0.5, kinds: ['REQUEST_LIMIT_EXCEEDED'], seed: 9 });
      const results: boolean[] = [];
      for (let i = 0; i < 20; i++) results.push(await conn.query('SELECT Id FROM Lead LIMIT 1').then(() => true, () => false));
      return results;
    };
    const first = await outcomes();
    expect(first.filter((ok) => !ok).length).toBeGreaterThan(3);
    expect(first.filter((ok) => ok).length).toBeGreaterThan(3);
    expect(await outcomes()).toEqual(first);
  });

  it('never injects faults into logins', async () => {
    emu.faults.set({ rate: 1, kinds: ['SERVER_ERROR'] });
    await expect(soapConnection(emu)).resolves.toBeDefined();
  });

  it('counts every API call and reports usage in Sforce-Limit-Info', async () => {
    emu.stats.reset();
    await conn.query('SELECT Id FROM Lead');
    await conn.describe('Lead');
    await conn.sobject('Lead').update({ Id: emu.store.list('Lead')[0].Id, Title: 'Counted' });
    expect(emu.stats.apiCalls).toBe(3);
    expect(emu.stats.byEndpoint).toEqual({ query: 1, describe: 1, 'sobjects.update': 1 });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 5_000 });
    const response = await fetch(`${emu.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
    expect(response.headers.get('sforce-limit-info')).toBe('api-usage=4/5000');
    expect(emu.stats.deletes).toBe(0);
  });

  it('refuses calls with REQUEST_LIMIT_EXCEEDED once the daily limit is spent', async () => {
    const small = await startEmulator({ org: 'empty', dailyApiLimit: 2 });
    try {
      const c = await soapConnection(small);
      await c.query('SELECT Id FROM User');
      await c.query('SELECT Id FROM User');
      await expect(c.query('SELECT Id FROM User')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    } finally {
      await small.close();
    }
  });
});
