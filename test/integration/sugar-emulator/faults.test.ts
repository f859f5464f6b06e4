import type { RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, startSmallEmulator, type Page, type SugarClient } from './sugar-client';

describe('Sugar emulator: injected faults and the clock', () => {
  let emu: RunningSugarEmulator;
  let client: SugarClient;

  beforeEach(async () => {
    emu = await startSmallEmulator({ org: { contacts: 20, leads: 5, accounts: 3, users: 2, opportunities: 2, campaigns: 1, lists: 1 } });
    client = connect(emu);
    await client.token();
  });
  afterEach(() => emu.close());

  it('a rate limit answers 429 with Retry-After; a retry after the wait succeeds', async () => {
    emu.faults.failNext('RATE_LIMIT');
    const limited = await client.get('Contacts?max_num=1');
    expect(limited).toMatchObject({ status: 429, body: { error: 'too_many_requests' } });
    expect(limited.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, Number(limited.headers.get('retry-after')) * 1000));
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 200 });
    expect(emu.faults.injectedCounts()).toEqual({ RATE_LIMIT: 1 });
  });

  it('an expired-token fault answers 401 invalid_grant', async () => {
    emu.faults.failNext('INVALID_GRANT');
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 401, body: { error: 'invalid_grant' } });
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 200 });
  });

  it('server errors alternate 500 fatal_error and 503 maintenance', async () => {
    emu.faults.failNext('SERVER_ERROR', 2);
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 500, body: { error: 'fatal_error' } });
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 503, body: { error: 'maintenance' } });
  });

  it('latency delays the answer', async () => {
    emu.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 300 });
    const started = Date.now();
    await expect(client.get('Contacts?max_num=1')).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    emu.faults.clear();
  });

  it('a row lock fails one record write with 500; nothing is written and the retry lands once', async () => {
    const [contact] = emu.store.list('Contacts');
    const id = contact.id as string;
    emu.faults.failNext('ROW_LOCK');
    await expect(client.request('PUT', `Contacts/${id}`, { behavior_score_c: 77 })).resolves.toMatchObject({ status: 500, body: { error: 'fatal_error', error_message: 'Database failure. Please refer to sugarcrm.log for details.' } });
    expect(emu.store.get('Contacts', id)?.behavior_score_c).toBe(contact.behavior_score_c);
    await expect(client.request('PUT', `Contacts/${id}`, { behavior_score_c: 77 })).resolves.toMatchObject({ status: 200 });
    expect(emu.stats.writesOf(id)).toBe(1);
  });

  it('a lost answer: the write lands, the caller sees a reset connection; reads are never hit', async () => {
    const [contact] = emu.store.list('Contacts');
    const id = contact.id as string;
    emu.faults.failNext('LOST_ANSWER');
    await expect(client.request('POST', 'Contacts/filter', { max_num: 1 })).resolves.toMatchObject({ status: 200 });
    await expect(client.request('PUT', `Contacts/${id}`, { behavior_score_c: 99 })).rejects.toThrow();
    expect(emu.store.get('Contacts', id)?.behavior_score_c).toBe(99);
    expect(emu.stats.writesOf(id)).toBe(1);
    expect(emu.faults.injectedCounts()).toEqual({ LOST_ANSWER: 1 });
  });

  it('a frozen clock gives records written meanwhile one date_modified; advancing it moves the next stamp', async () => {
    const [a, b] = emu.store.list('Contacts').map((r) => r.id as string);
    emu.store.setClock('2025-02-03T04:05:06.789Z');
    await client.request('PUT', `Contacts/${a}`, { title: 'A' });
    await client.request('PUT', `Contacts/${b}`, { title: 'B' });
    emu.store.advanceClock(1500);
    const c = emu.store.insert('Contacts', { last_name: 'Later' }).id as string;
    emu.store.setClock(null);
    const page = await client.request<Page>('POST', 'Contacts/filter', { filter: [{ id: { $in: [a, b, c] } }], fields: 'id', order_by: 'date_modified:ASC,id:ASC' });
    expect(page.body.records.map((r) => r.date_modified)).toEqual(['2025-02-03T04:05:06+00:00', '2025-02-03T04:05:06+00:00', '2025-02-03T04:05:08+00:00']);
  });
});
