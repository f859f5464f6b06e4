import { startSugarEmulator, type RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, type Page, type SugarClient } from './sugar-client';

const ids = (page: Page) => page.records.map((r) => r.id);

describe('Sugar emulator: the filter API', () => {
  let emu: RunningSugarEmulator;
  let client: SugarClient;
  let people: Record<string, string>;

  beforeAll(async () => {
    emu = await startSugarEmulator({ org: 'empty', seed: 3 });
    client = connect(emu);
    const add = (last: string, fields: Record<string, unknown>) => emu.store.insert('Contacts', { last_name: last, ...fields } as never).id as string;
    people = {
      ada: add('Lovelace', { first_name: 'Ada', behavior_score_c: 90, customer_tier_c: 'gold', interests_c: ['analytics', 'email'], email1: 'ada@example.com', date_modified: '2024-03-01T10:00:00+00:00' }),
      alan: add('Turing', { first_name: 'Alan', behavior_score_c: 40, customer_tier_c: 'silver', interests_c: ['mobile'], date_modified: '2024-03-02T10:00:00+00:00' }),
      grace: add('Hopper', { first_name: 'Grace', behavior_score_c: null, customer_tier_c: 'gold', newsletter_opt_in_c: true, date_modified: '2024-03-03T10:00:00+00:00' }),
    };
  });
  afterAll(() => emu.close());

  const filter = async (filterDef: unknown, extra: Record<string, unknown> = {}) => {
    const answer = await client.request<Page>('POST', 'Contacts/filter', { filter: filterDef, fields: 'id,last_name', order_by: 'last_name:ASC', ...extra });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('applies the documented operators, with $or and $and, and compares text without regard to case', async () => {
    await expect(filter([{ last_name: 'lovelace' }]).then(ids)).resolves.toEqual([people.ada]);
    await expect(filter([{ first_name: { $starts: 'a' } }]).then(ids)).resolves.toEqual([people.ada, people.alan]);
    await expect(filter([{ customer_tier_c: { $in: ['gold'] } }, { behavior_score_c: { $gt: 50 } }]).then(ids)).resolves.toEqual([people.ada]);
    await expect(filter([{ behavior_score_c: { $is_null: '' } }]).then(ids)).resolves.toEqual([people.grace]);
    await expect(filter([{ behavior_score_c: { $not_equals: 90 } }]).then(ids)).resolves.toEqual([people.alan]);
    await expect(filter([{ interests_c: { $contains: ['email', 'mobile'] } }]).then(ids)).resolves.toEqual([people.ada, people.alan]);
    await expect(filter([{ $or: [{ last_name: 'Hopper' }, { email1: { $ends: '@example.com' } }] }]).then(ids)).resolves.toEqual([people.grace, people.ada]);
    await expect(filter([{ $and: [{ newsletter_opt_in_c: true }, { customer_tier_c: { $not_in: ['silver'] } }] }]).then(ids)).resolves.toEqual([people.grace]);
    await expect(filter([{ date_modified: { $dateBetween: ['2024-03-02', '2024-03-03'] } }]).then(ids)).resolves.toEqual([people.grace, people.alan]);
  });

  it('reads a GET filter given as bracketed arguments the same as the POST body', async () => {
    const query = 'filter[0][$or][0][last_name]=Turing&filter[0][$or][1][behavior_score_c][$gte]=90&fields=id&order_by=last_name:DESC';
    const get = await client.get<Page>(`Contacts/filter?${query}`);
    expect(get.status).toBe(200);
    expect(ids(get.body)).toEqual([people.alan, people.ada]);
    const json = await client.get<Page>(`Contacts?filter=${encodeURIComponent(JSON.stringify([{ last_name: 'Turing' }]))}&fields=id`);
    expect(ids(json.body)).toEqual([people.alan]);
  });

  it('answers unknown fields and operators with 422 invalid_parameter', async () => {
    await expect(client.request('POST', 'Contacts/filter', { filter: [{ shoe_size: 3 }] })).resolves.toMatchObject({ status: 422, body: { error: 'invalid_parameter', error_message: 'Unknown field shoe_size' } });
    await expect(client.request('POST', 'Contacts/filter', { filter: [{ last_name: { $like: 'x' } }] })).resolves.toMatchObject({ status: 422, body: { error_message: 'Did not recognize the operand: $like' } });
    await expect(client.request('POST', 'Contacts/filter', { order_by: 'shoe_size:ASC' })).resolves.toMatchObject({ status: 422 });
  });

  it('returns only the asked fields plus id and date_modified, with _module and _acl; without order_by the newest first', async () => {
    const page = (await client.get<Page>('Contacts?fields=last_name,behavior_score_c')).body;
    expect(ids(page)).toEqual([people.grace, people.alan, people.ada]);
    expect(page.records[2]).toEqual({ id: people.ada, date_modified: '2024-03-01T10:00:00+00:00', last_name: 'Lovelace', behavior_score_c: 90, _acl: { fields: {} }, _module: 'Contacts' });
    expect(page.next_offset).toBe(-1);
  });

  it('a keyset read on (date_modified, id) sees every record once when a page boundary falls among equal stamps', async () => {
    emu.store.setClock('2024-06-01T12:00:00Z');
    const sameSecond = Array.from({ length: 5 }, (_, i) => emu.store.insert('Leads', { last_name: `Same ${i}` }).id as string);
    emu.store.setClock(null);
    const seen: string[] = [];
    let after = { stamp: '2024-01-01T00:00:00+00:00', id: '' };
    for (let pages = 0; pages < 10; pages++) {
      const keyset = [{ $or: [{ date_modified: { $gt: after.stamp } }, { $and: [{ date_modified: { $equals: after.stamp } }, { id: { $gt: after.id } }] }] }];
      const page = (await client.request<Page>('POST', 'Leads/filter', { filter: keyset, max_num: 2, order_by: 'date_modified:ASC,id:ASC', fields: 'id' })).body;
      seen.push(...page.records.map((r) => r.id as string));
      if (page.next_offset === -1) break;
      const last = page.records[page.records.length - 1];
      after = { stamp: last.date_modified as string, id: last.id as string };
    }
    expect(seen).toEqual([...sameSecond].sort());
  });

  it('pages by offset: next_offset is the next page’s offset and -1 after the last; max_num above the limit is cut to it', async () => {
    const first = (await client.get<Page>('Leads?max_num=2&order_by=id')).body;
    expect(first).toMatchObject({ next_offset: 2 });
    const last = (await client.get<Page>('Leads?max_num=2&offset=4&order_by=id')).body;
    expect(last).toMatchObject({ next_offset: -1, records: [expect.any(Object)] });
    const small = await startSugarEmulator({ org: 'empty', maxListLimit: 3 });
    for (let i = 0; i < 5; i++) small.store.insert('Accounts', { name: `A${i}` });
    await expect(connect(small).get<Page>('Accounts?max_num=100')).resolves.toMatchObject({ body: { next_offset: 3 } });
    await small.close();
  });

  it('soft-deleted records leave normal reads; deleted=true returns them with the deleted flag and a new date_modified', async () => {
    const gone = emu.store.insert('Accounts', { name: 'Soon gone', date_modified: '2024-01-01T00:00:00+00:00' }).id as string;
    emu.store.setClock('2024-07-01T08:00:00Z');
    emu.store.delete('Accounts', gone);
    emu.store.setClock(null);
    await expect(client.get(`Accounts/${gone}`)).resolves.toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(ids((await client.get<Page>('Accounts?fields=id')).body)).not.toContain(gone);
    const changed = (await client.request<Page>('POST', 'Accounts/filter', { deleted: true, filter: [{ date_modified: { $gte: '2024-07-01T00:00:00+00:00' } }], fields: 'id,name' })).body;
    expect(changed.records).toEqual([expect.objectContaining({ id: gone, deleted: true, date_modified: '2024-07-01T08:00:00+00:00' })]);
    const purged = emu.store.insert('Accounts', { name: 'Purged' }).id as string;
    emu.store.hardDelete('Accounts', purged);
    expect(ids((await client.get<Page>('Accounts?deleted=1&fields=id&max_num=100')).body)).not.toContain(purged);
  });
});
