import { TEST_ADMIN_CREDENTIALS, type RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, startSmallEmulator, type Page, type SugarClient } from './sugar-client';

describe('Sugar emulator: relationships and target list members', () => {
  let emu: RunningSugarEmulator;
  let client: SugarClient;
  let listId: string;

  beforeEach(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
    const contactLists = emu.store.list('ProspectLists').filter((l) => emu.store.listMembers(l.id as string).some((m) => m.module === 'Contacts'));
    listId = contactLists[0].id as string;
  });
  afterEach(() => emu.close());

  const memberIds = async (id: string, link = 'contacts') => {
    const seen: string[] = [];
    for (let offset = 0; offset !== -1; ) {
      const page = await client.get<Page>(`ProspectLists/${id}/link/${link}?max_num=5&offset=${offset}&fields=id&order_by=id`);
      expect(page.status).toBe(200);
      seen.push(...page.body.records.map((r) => r.id as string));
      offset = page.body.next_offset;
    }
    return seen;
  };

  it('a target list’s members are read through its link, paged like any filter, and equal the store’s', async () => {
    const expected = emu.store.listMembers(listId).filter((m) => m.module === 'Contacts').map((m) => m.id).sort();
    await expect(memberIds(listId)).resolves.toEqual(expected);
    const list = await client.get(`ProspectLists/${listId}?fields=name,list_type,entry_count`);
    expect(list.body).toMatchObject({ list_type: 'default', entry_count: emu.store.listMembers(listId).length });
  });

  it('links one member, links several at once, and unlinks one; the list and the person keep their date_modified', async () => {
    const listBefore = emu.store.get('ProspectLists', listId)?.date_modified;
    const outsiders = emu.store.list('Contacts').map((c) => c.id as string).filter((id) => !emu.store.listMembers(listId).some((m) => m.id === id));
    const one = await client.request('POST', `ProspectLists/${listId}/link/contacts/${outsiders[0]}`, {});
    expect(one).toMatchObject({ status: 200, body: { record: { id: listId }, related_record: { id: outsiders[0], _module: 'Contacts' } } });
    const many = await client.request<{ related_records: unknown[] }>('POST', `ProspectLists/${listId}/link`, { link_name: 'contacts', ids: [outsiders[1], outsiders[2]] });
    expect(many.body.related_records).toHaveLength(2);
    await expect(memberIds(listId)).resolves.toEqual(expect.arrayContaining(outsiders.slice(0, 3)));
    const admin = connect(emu, TEST_ADMIN_CREDENTIALS);
    await expect(admin.request('DELETE', `ProspectLists/${listId}/link/contacts/${outsiders[0]}`)).resolves.toMatchObject({ status: 200 });
    expect(await memberIds(listId)).not.toContain(outsiders[0]);
    expect(emu.store.get('ProspectLists', listId)?.date_modified).toBe(listBefore);
    await expect(client.request('POST', `ProspectLists/${listId}/link/contacts/no-such-contact`, {})).resolves.toMatchObject({ status: 404 });
  });

  it('a person’s lists are read from the other side, and contacts can be filtered by list membership', async () => {
    const [member] = emu.store.listMembers(listId).filter((m) => m.module === 'Contacts');
    const lists = await client.get<Page>(`Contacts/${member.id}/link/prospect_lists?fields=id`);
    expect(lists.body.records.map((r) => r.id)).toContain(listId);
    const filtered = await client.request<Page>('POST', 'Contacts/filter', { filter: [{ 'prospect_lists.id': listId }], fields: 'id', max_num: 1000, order_by: 'id' });
    expect(filtered.body.records.map((r) => r.id)).toEqual(emu.store.listMembers(listId).filter((m) => m.module === 'Contacts').map((m) => m.id).sort());
  });

  it('an opportunity’s contacts come with their role; linking sets one', async () => {
    const opportunity = emu.store.list('Opportunities')[0].id as string;
    const contact = emu.store.list('Contacts')[0].id as string;
    await client.request('POST', `Opportunities/${opportunity}/link/contacts/${contact}`, { contact_role: 'Influencer' });
    const related = await client.get<Page>(`Opportunities/${opportunity}/link/contacts?fields=id,last_name`);
    expect(related.body.records).toContainEqual(expect.objectContaining({ id: contact, opportunity_role: 'Influencer' }));
    const byAccount = await client.get<Page>(`Accounts/${emu.store.get('Opportunities', opportunity)?.account_id as string}/link/opportunities?fields=id&max_num=100`);
    expect(byAccount.body.records.map((r) => r.id)).toContain(opportunity);
  });
});
