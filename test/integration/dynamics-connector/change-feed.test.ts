import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { CHANGE_TOKEN_EXPIRED, type ChangeFeedPage, type CrmConnector } from '../../../domain/crm/connector';
import { connectTo, startSmallEmulator } from './emulator-connector';

/** Every page of one feed read; the token comes with the last. */
async function readFeed(connector: CrmConnector, object: string, token?: string): Promise<{ records: ChangeFeedPage['records']; removedIds: string[]; token?: string }> {
  const out = { records: [] as ChangeFeedPage['records'], removedIds: [] as string[], token: undefined as string | undefined };
  let page: string | undefined;
  do {
    const result = await connector.readChanges!({ object, fields: ['lastname', 'jobtitle'], token, page, pageSize: 25 });
    out.records.push(...result.records);
    out.removedIds.push(...result.removedIds);
    out.token = result.token ?? out.token;
    page = result.nextPage;
  } while (page);
  return out;
}

describe('Dynamics connector: change feed (Dataverse change tracking)', () => {
  let emu: RunningDynamicsEmulator;

  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(() => emu.close());

  it('a full read ends with a token; the next read returns exactly the rows inserted, updated and deleted since', async () => {
    const connector = connectTo(emu);
    const full = await readFeed(connector, 'contact');
    expect(full.records).toHaveLength(emu.store.count('contact'));
    expect(full.removedIds).toEqual([]);
    expect(full.token).toBeDefined();

    const [updated, deleted] = emu.store.list('contact');
    emu.store.update('contact', updated.contactid as string, { jobtitle: 'Changed in Dynamics' });
    emu.store.delete('contact', deleted.contactid as string);
    const inserted = emu.store.insert('contact', { lastname: 'Newcomer' });

    const delta = await readFeed(connector, 'contact', full.token);
    expect(delta.records.map((r) => [r.id, r.fields.lastname ?? r.fields.jobtitle])).toEqual([
      [updated.contactid, updated.lastname],
      [inserted.contactid, 'Newcomer'],
    ]);
    expect(delta.records[0].fields.jobtitle).toBe('Changed in Dynamics');
    expect(delta.removedIds).toEqual([deleted.contactid]);
    expect(delta.token).toBeDefined();

    const quiet = await readFeed(connector, 'contact', delta.token);
    expect(quiet).toMatchObject({ records: [], removedIds: [] });
  });

  it('a token Dataverse no longer accepts (0x80044352) rejects with CHANGE_TOKEN_EXPIRED', async () => {
    const connector = connectTo(emu);
    const full = await readFeed(connector, 'lead');
    emu.store.expireDeltaTokens('lead');
    await expect(connector.readChanges!({ object: 'lead', fields: ['lastname'], token: full.token, pageSize: 25 })).rejects.toMatchObject({ crmCode: CHANGE_TOKEN_EXPIRED });
  });

  it('a table without change tracking has no feed: CHANGE_TOKEN_EXPIRED, so the core reads it in full', async () => {
    emu.store.setChangeTracking('contact', false);
    await expect(connectTo(emu).readChanges!({ object: 'contact', fields: ['lastname'], pageSize: 25 })).rejects.toMatchObject({ crmCode: CHANGE_TOKEN_EXPIRED });
  });
});
