import type { RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, startSmallEmulator, type SugarClient } from './sugar-client';

type Bulk = Array<{ status: number; contents: Record<string, unknown> }>;

describe('Sugar emulator: creates, updates and bulk requests', () => {
  let emu: RunningSugarEmulator;
  let client: SugarClient;

  beforeEach(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
  });
  afterEach(() => emu.close());

  it('creates and updates a record, answering it; date_modified moves and Sugar Logic recalculates on save', async () => {
    emu.store.setClock('2024-05-01T09:00:00Z');
    const created = await client.request('POST', 'Contacts', { last_name: 'Curie', email1: 'marie@example.com', behavior_score_c: '20', newsletter_opt_in_c: '1', interests_c: ['events'] });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ last_name: 'Curie', behavior_score_c: 20, newsletter_opt_in_c: true, interests_c: ['events'], score_band_c: 'cold', date_modified: '2024-05-01T09:00:00+00:00', _module: 'Contacts' });
    expect(created.body.email).toEqual([expect.objectContaining({ email_address: 'marie@example.com', primary_address: true })]);
    emu.store.advanceClock(60_000);
    const id = created.body.id as string;
    const updated = await client.request('PUT', `Contacts/${id}`, { behavior_score_c: 85, customer_tier_c: 'gold' });
    expect(updated.body).toMatchObject({ id, behavior_score_c: 85, customer_tier_c: 'gold', score_band_c: 'hot', date_modified: '2024-05-01T09:01:00+00:00' });
    expect(emu.store.get('Contacts', id)).toMatchObject({ behavior_score_c: 85, modified_user_id: emu.store.apiUserId });
    expect(emu.stats.writesOf(id)).toBe(2);
    emu.store.setClock(null);
  });

  it('refuses bad values with 422 invalid_parameter and a create without a required field with 422 missing_parameter; an unknown record is 404', async () => {
    const [contact] = emu.store.list('Contacts');
    await expect(client.request('PUT', `Contacts/${contact.id as string}`, { customer_tier_c: 'diamond' })).resolves.toMatchObject({ status: 422, body: { error: 'invalid_parameter', error_message: expect.stringContaining('customer_tier_c') } });
    await expect(client.request('PUT', `Contacts/${contact.id as string}`, { behavior_score_c: 'high' })).resolves.toMatchObject({ status: 422 });
    await expect(client.request('POST', 'Contacts', { first_name: 'Nameless' })).resolves.toMatchObject({ status: 422, body: { error: 'missing_parameter', error_message: 'Missing parameter: last_name' } });
    await expect(client.request('PUT', 'Contacts/00000000-0000-0000-0000-000000000000', { title: 'x' })).resolves.toMatchObject({ status: 404, body: { error: 'not_found', error_message: 'Could not find record: 00000000-0000-0000-0000-000000000000 in module: Contacts' } });
  });

  it('ignores fields it does not know or sets itself, as Sugar does, and counts them so a test can see them', async () => {
    const [contact] = emu.store.list('Contacts');
    const answer = await client.request('PUT', `Contacts/${contact.id as string}`, { title: 'CTO', shoe_size_c: 44, score_band_c: 'hot', date_modified: '2000-01-01T00:00:00Z' });
    expect(answer).toMatchObject({ status: 200, body: { title: 'CTO' } });
    expect(answer.body.date_modified).not.toBe('2000-01-01T00:00:00+00:00');
    expect(emu.stats.ignoredFields).toEqual({ 'Contacts.shoe_size_c': 1, 'Contacts.score_band_c': 1, 'Contacts.date_modified': 1 });
  });

  it('a bulk request runs its requests in order and answers each on its own: one failing record does not stop the others', async () => {
    const [a, b, c] = emu.store.list('Contacts').map((r) => r.id as string);
    emu.faults.failRecordWrites([b], { message: 'Behavior score is locked by a logic hook' });
    emu.stats.reset();
    const put = (id: string, score: number) => ({ url: `/v11_25/Contacts/${id}`, method: 'PUT', data: JSON.stringify({ behavior_score_c: score }) });
    const answer = await client.request<Bulk>('POST', 'bulk', { requests: [put(a, 11), put(b, 1012), { url: '/v11_25/Contacts/no-such-id', method: 'PUT', data: { behavior_score_c: 1 } }, put(c, 13)] });
    expect(answer.status).toBe(200);
    expect(answer.body.map((r) => r.status)).toEqual([200, 422, 404, 200]);
    expect(answer.body[1].contents).toEqual({ error: 'invalid_parameter', error_message: 'Behavior score is locked by a logic hook' });
    expect([a, b, c].map((id) => emu.store.get('Contacts', id)?.behavior_score_c)).toEqual([11, emu.store.get('Contacts', b)?.behavior_score_c, 13]);
    expect(emu.store.get('Contacts', b)?.behavior_score_c).not.toBe(1012);
    expect(emu.stats.apiCalls).toBe(1);
    expect(emu.stats.byEndpoint).toMatchObject({ bulk: 1, 'Contacts.update': 4 });
  });

  it('a bulk request may read too, filter arguments in its URL', async () => {
    const answer = await client.request<Bulk>('POST', 'bulk', { requests: [{ url: '/v11_25/Contacts?max_num=2&fields=id', method: 'GET' }, { url: 'v11_25/metadata?type_filter=modules&module_filter=Leads' }] });
    expect(answer.body[0]).toMatchObject({ status: 200, contents: { next_offset: 2, records: [expect.any(Object), expect.any(Object)] } });
    expect(answer.body[1].contents).toHaveProperty('modules.Leads.fields.last_name');
  });
});
