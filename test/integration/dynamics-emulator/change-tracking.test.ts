import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, startSmallEmulator, type Connected } from './dataverse-client';

describe('Dataverse emulator: change tracking and keyset reads', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeEach(async () => {
    emu = await startSmallEmulator();
    client = connect(emu);
  });
  afterEach(() => emu.close());

  it('a tracked read ends with a deltaLink whose follow-up returns changed rows and removed ones as $deletedEntity', async () => {
    const initial = await client.api.retrieveAll({ collection: 'contacts', select: ['firstname', 'lastname'], trackChanges: true, maxPageSize: 25 });
    expect(initial.value).toHaveLength(60);
    expect(initial.oDataDeltaLink).toContain('$deltatoken=');

    const [changed, removed] = emu.store.list('contact').slice(0, 2);
    emu.store.update('contact', changed.contactid as string, { lastname: 'Changed' });
    emu.store.delete('contact', removed.contactid as string);
    const added = emu.store.insert('contact', { lastname: 'New' });
    const createdThenDeleted = emu.store.insert('contact', { lastname: 'Gone' });
    emu.store.delete('contact', createdThenDeleted.contactid as string);

    const delta = await client.api.retrieveMultiple({ collection: 'contacts' }, initial.oDataDeltaLink);
    expect(delta.oDataContext).toBe(`${emu.url}/api/data/v9.2/$metadata#contacts(firstname,lastname)/$delta`);
    const upserts = delta.value.filter((r: Record<string, unknown>) => r.contactid);
    expect(upserts.map((r: { contactid: string; lastname: string }) => [r.contactid, r.lastname])).toEqual([[changed.contactid, 'Changed'], [added.contactid, 'New']]);
    const removals = delta.value.filter((r: Record<string, unknown>) => r.reason);
    expect(removals).toEqual([
      { '@odata.context': `${emu.url}/api/data/v9.2/$metadata#contacts/$deletedEntity`, oDataContext: `${emu.url}/api/data/v9.2/$metadata#contacts/$deletedEntity`, id: removed.contactid, reason: 'deleted' },
      { '@odata.context': `${emu.url}/api/data/v9.2/$metadata#contacts/$deletedEntity`, oDataContext: `${emu.url}/api/data/v9.2/$metadata#contacts/$deletedEntity`, id: createdThenDeleted.contactid, reason: 'deleted' },
    ]);

    const quiet = await client.api.retrieveMultiple({ collection: 'contacts' }, delta.oDataDeltaLink);
    expect(quiet.value).toEqual([]);
    expect(emu.stats.byEndpoint['contacts.delta']).toBe(2);
  });

  it('an expired delta token is refused with 0x80044352, so the caller reads the table in full again', async () => {
    const initial = await client.api.retrieveAll({ collection: 'leads', select: ['lastname'], trackChanges: true });
    emu.store.expireDeltaTokens('lead');
    await expect(client.api.retrieveMultiple({ collection: 'leads' }, initial.oDataDeltaLink)).rejects.toMatchObject({
      status: 400, code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.',
    });
    const again = await client.api.retrieveAll({ collection: 'leads', select: ['lastname'], trackChanges: true });
    expect(again.value).toHaveLength(40);
    await expect(client.api.retrieveMultiple({ collection: 'leads' }, again.oDataDeltaLink)).resolves.toMatchObject({ value: [] });
  });

  it('a table without change tracking gives no deltaLink; a (modifiedon, id) keyset reads it without missing rows that share a stamp', async () => {
    emu.store.setChangeTracking('account', false);
    const tracked = await client.api.retrieveAll({ collection: 'accounts', select: ['name'], trackChanges: true });
    expect(tracked.oDataDeltaLink).toBeUndefined();

    emu.store.setClock('2025-06-01T00:00:00Z');
    const accounts = emu.store.list('account');
    for (const a of accounts.slice(0, 9)) emu.store.update('account', a.accountid as string, { name: `${a.name as string} (renamed)` });
    const seen: string[] = [];
    let after = { stamp: '2025-01-01T00:00:00Z', id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const page = await client.api.retrieveMultiple({
        collection: 'accounts', select: ['modifiedon', 'name'], top: 4, orderBy: ['modifiedon', 'accountid'],
        filter: `modifiedon gt ${after.stamp} or (modifiedon eq ${after.stamp} and accountid gt ${after.id})`,
      });
      if (!page.value.length) break;
      seen.push(...page.value.map((r: { accountid: string }) => r.accountid));
      const last = page.value[page.value.length - 1];
      after = { stamp: (last.modifiedon as Date).toISOString().replace('.000', ''), id: last.accountid };
    }
    expect(seen.sort()).toEqual(accounts.slice(0, 9).map((a) => a.accountid).sort());
  });

  it('refuses $filter with odata.track-changes instead of returning a delta over a filtered set', async () => {
    await expect(client.api.retrieveMultiple({ collection: 'contacts', filter: 'statecode eq 0', trackChanges: true })).rejects.toMatchObject({ status: 400, code: '0x80060888' });
  });
});
