import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, startSmallEmulator, type Connected } from './dataverse-client';

describe('Dataverse emulator: reads that overlap writes', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeEach(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
  });
  afterEach(() => emu.close());

  it('a row written while a tracked read pages shows up in the next delta, so nothing written mid-read is lost', async () => {
    const first = await client.api.retrieveMultiple({ collection: 'contacts', select: ['lastname'], trackChanges: true, maxPageSize: 20 });
    const ids = first.value.map((r: { contactid: string }) => r.contactid);
    const alreadyRead = ids[0];
    emu.store.update('contact', alreadyRead, { lastname: 'Written mid-read' });
    let link: string | undefined = first.oDataNextLink;
    let deltaLink: string | undefined;
    while (link) {
      const page = await client.api.retrieveMultiple({ collection: 'contacts', maxPageSize: 20 }, link);
      ids.push(...page.value.map((r: { contactid: string }) => r.contactid));
      link = page.oDataNextLink;
      deltaLink = page.oDataDeltaLink;
    }
    expect(new Set(ids).size).toBe(60);
    const delta = await client.api.retrieveMultiple({ collection: 'contacts' }, deltaLink);
    expect(delta.value.map((r: { contactid: string; lastname: string }) => [r.contactid, r.lastname])).toEqual([[alreadyRead, 'Written mid-read']]);
  });

  it('keyset paging neither skips nor repeats rows when rows are inserted between pages', async () => {
    const first = await client.api.retrieveMultiple({ collection: 'contacts', select: ['lastname'], orderBy: ['lastname'], maxPageSize: 10 });
    const seen = first.value.map((r: { contactid: string }) => r.contactid);
    emu.store.insert('contact', { lastname: 'AAAA before the cursor' });
    const late = emu.store.insert('contact', { lastname: 'zzzz after the cursor' });
    let link: string | undefined = first.oDataNextLink;
    while (link) {
      const page = await client.api.retrieveMultiple({ collection: 'contacts', maxPageSize: 10 }, link);
      seen.push(...page.value.map((r: { contactid: string }) => r.contactid));
      link = page.oDataNextLink;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(late.contactid);
    expect(seen).toHaveLength(61);
  });

  it('a query whose URL is too long goes as a GET inside $batch (dynamics-web-api does this by itself) and still answers', async () => {
    const contacts = emu.store.list('contact').slice(0, 50);
    const filter = contacts.map((c) => `contactid eq ${c.contactid as string}`).join(' or ');
    expect(filter.length).toBeGreaterThan(2000);
    const result = await client.api.retrieveMultiple({ collection: 'contacts', select: ['contactid'], filter });
    expect(result.value.map((r: { contactid: string }) => r.contactid).sort()).toEqual(contacts.map((c) => c.contactid).sort());
    expect(emu.stats.byEndpoint.batch).toBe(1);
  });

  it('list membership hooks keep membercount, and rollups change only when recalculated', async () => {
    const list = emu.store.list('list').find((l) => l.type === false && l.createdfromcode === 2)!;
    const outsider = emu.store.insert('contact', { lastname: 'Joins the list' });
    emu.store.addListMember(list.listid as string, { id: outsider.contactid as string, table: 'contact' });
    expect(emu.store.get('list', list.listid as string)?.membercount).toBe((list.membercount as number) + 1);
    const members = await client.api.retrieveAll({ collection: `lists(${list.listid as string})/listcontact_association`, select: ['contactid'] });
    expect(members.value.map((m: { contactid: string }) => m.contactid)).toContain(outsider.contactid);
    expect(emu.store.removeListMember(list.listid as string, outsider.contactid as string)).toBe(true);
    expect(emu.store.get('list', list.listid as string)?.membercount).toBe(list.membercount);

    emu.store.insert('opportunity', { name: 'Rollup', statecode: 0, parentcontactid: { id: outsider.contactid as string, table: 'contact' } });
    expect(emu.store.get('contact', outsider.contactid as string)?.new_openopportunities ?? null).toBeNull();
    emu.store.recalculateRollups();
    expect(emu.store.get('contact', outsider.contactid as string)?.new_openopportunities).toBe(1);
  });
});
