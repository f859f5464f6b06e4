import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, rawGet, startSmallEmulator, type Connected } from './dataverse-client';

describe('Dataverse emulator: queries through dynamics-web-api', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeAll(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
  });
  afterAll(() => emu.close());

  it('pages with odata.maxpagesize and @odata.nextLink until every contact is read once', async () => {
    const first = await client.api.retrieveMultiple({ collection: 'contacts', select: ['fullname', 'emailaddress1'], maxPageSize: 7 });
    expect(first.value).toHaveLength(7);
    expect(first.oDataNextLink).toContain('$skiptoken=');
    const all = await client.api.retrieveAll({ collection: 'contacts', select: ['fullname', 'emailaddress1'], maxPageSize: 7 });
    const ids = all.value.map((r: { contactid: string }) => r.contactid);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(emu.store.list('contact').map((r) => r.contactid as string).sort());
    expect(all.value[0]['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(emu.stats.byEndpoint['contacts.retrieveMultiple']).toBeGreaterThanOrEqual(Math.ceil(60 / 7));
  });

  it('answers Preference-Applied and an @odata.context naming the selected columns', async () => {
    const response = await rawGet(emu, 'contacts?$select=firstname,lastname', { Prefer: 'odata.maxpagesize=5' });
    expect(response.headers.get('preference-applied')).toBe('odata.maxpagesize=5');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body['@odata.context']).toBe(`${emu.url}/api/data/v9.2/$metadata#contacts(firstname,lastname)`);
    expect(Object.keys((body.value as object[])[0]).sort()).toEqual(['@odata.etag', 'contactid', 'firstname', 'lastname']);
  });

  it('filters with comparisons, and/or, string functions, null checks, lookups and datetimes like the store says', async () => {
    const contacts = emu.store.list('contact');
    const account = contacts.find((c) => c.parentcustomerid)!.parentcustomerid as { id: string };
    const cases: Array<[string, (c: Record<string, unknown>) => boolean]> = [
      ['new_behaviorscore ge 50 and new_newsletteroptin eq true', (c) => (c.new_behaviorscore as number) >= 50 && c.new_newsletteroptin === true],
      ["startswith(lastname,'sm') or contains(emailaddress1,'.org')", (c) => String(c.lastname).toLowerCase().startsWith('sm') || String(c.emailaddress1 ?? '').includes('.org')],
      ['new_customertier eq null', (c) => c.new_customertier === null || c.new_customertier === undefined],
      ['new_customertier ne null and not (new_customertier eq 100000000)', (c) => c.new_customertier != null && c.new_customertier !== 100000000],
      [`_parentcustomerid_value eq ${account.id}`, (c) => (c.parentcustomerid as { id: string } | null)?.id === account.id],
      ['modifiedon gt 2024-06-01T00:00:00Z', (c) => String(c.modifiedon) > '2024-06-01T00:00:00Z'],
      ['new_lastwebinardate lt 2024-01-01', (c) => c.new_lastwebinardate != null && String(c.new_lastwebinardate) < '2024-01-01'],
    ];
    for (const [filter, expected] of cases) {
      const result = await client.api.retrieveAll({ collection: 'contacts', select: ['contactid'], filter });
      const want = contacts.filter(expected).map((c) => c.contactid).sort();
      expect({ filter, ids: result.value.map((r: { contactid: string }) => r.contactid).sort() }).toEqual({ filter, ids: want });
    }
  });

  it('orders by the columns asked, then by id, and honours $top and $count', async () => {
    const result = await client.api.retrieveMultiple({ collection: 'accounts', select: ['name', 'revenue'], orderBy: ['revenue desc', 'name'], top: 5, count: true });
    expect(result.value).toHaveLength(5);
    expect(result.oDataNextLink).toBeUndefined();
    expect(result.oDataCount).toBe(15);
    const revenues = result.value.map((r: { revenue: number | null }) => r.revenue ?? -1);
    expect([...revenues].sort((a, b) => b - a)).toEqual(revenues);
  });

  it('counts with /$count and answers WhoAmI with the application user', async () => {
    await expect(client.api.count({ collection: 'leads' })).resolves.toBe(40);
    await expect(client.api.count({ collection: 'leads', filter: 'statecode eq 0' })).resolves.toBe(emu.store.list('lead').filter((l) => l.statecode === 0).length);
    const me = await client.api.callFunction('WhoAmI');
    expect(me).toMatchObject({ UserId: emu.store.adminUserId, OrganizationId: expect.any(String), BusinessUnitId: expect.any(String) });
  });

  it('refuses what it does not support with the documented error shape', async () => {
    await expect(client.api.retrieveMultiple({ collection: 'contacts', filter: 'nosuchcolumn eq 1' })).rejects.toMatchObject({ status: 400, code: '0x80060888', message: expect.stringContaining("Could not find a property named 'nosuchcolumn'") });
    await expect(client.api.retrieveMultiple({ collection: 'contacts', filter: "new_behaviorscore eq 'ten'" })).rejects.toMatchObject({ status: 400, code: '0x80060888', message: expect.stringContaining('incompatible types') });
    await expect(client.api.retrieveMultiple({ collection: 'contacts', filter: 'new_behaviorscore add 1 eq 2' })).rejects.toMatchObject({ status: 400, code: '0x80060888' });
    const response = await rawGet(emu, 'contacts?$skip=10');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: '0x80060888', message: 'The query parameter $skip is not supported' } });
  });

  it('retrieves one row by id with formatted values, and answers 404 0x80040217 for a missing one', async () => {
    const contact = emu.store.list('contact').find((c) => c.new_customertier != null && c.parentcustomerid)!;
    const row = await client.api.retrieve({ collection: 'contacts', key: contact.contactid as string, select: ['new_customertier', '_parentcustomerid_value', 'donotbulkemail'], includeAnnotations: 'OData.Community.Display.V1.FormattedValue' });
    expect(row.new_customertier).toBe(contact.new_customertier);
    expect(row.new_customertier_Formatted).toMatch(/Bronze|Silver|Gold|Platinum/);
    expect(row.donotbulkemail_Formatted).toMatch(/Allow/);
    expect(row['_parentcustomerid_value@OData.Community.Display.V1.FormattedValue']).toBe(emu.store.get('account', (contact.parentcustomerid as { id: string }).id)?.name);
    await expect(client.api.retrieve({ collection: 'contacts', key: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ status: 404, code: '0x80040217' });
  });

  it('lists static members through listcontact_association and dynamic ones through their FetchXML query', async () => {
    const lists = await client.api.retrieveAll({ collection: 'lists', select: ['listname', 'type', 'query', 'createdfromcode', 'membercount'] });
    const staticList = lists.value.find((l: { type: boolean; createdfromcode: number }) => !l.type && l.createdfromcode === 2);
    const members = await client.api.retrieveAll({ collection: `lists(${staticList.listid as string})/listcontact_association`, select: ['contactid'] });
    const expected = emu.store.list('listmember').filter((m) => (m.listid as { id: string }).id === staticList.listid).map((m) => (m.entityid as { id: string }).id);
    expect(members.value.map((m: { contactid: string }) => m.contactid).sort()).toEqual(expected.sort());
    expect(staticList.membercount).toBe(expected.length);
    const dynamicList = lists.value.find((l: { type: boolean; createdfromcode: number }) => l.type && l.createdfromcode === 2);
    const matched = await client.api.fetchAll({ collection: 'contacts', fetchXml: dynamicList.query });
    const tier = Number(/value="(\d+)"/.exec(dynamicList.query)![1]);
    expect(matched.value.map((c: { contactid: string }) => c.contactid).sort()).toEqual(emu.store.list('contact').filter((c) => c.new_customertier === tier && c.statecode === 0).map((c) => c.contactid).sort());
  });
});
