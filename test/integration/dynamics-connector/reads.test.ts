import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import type { ChangeCursor, CrmRecord } from '../../../domain/crm/connector';
import { DynamicsConnector } from '../../../domain/crm/dynamics/dynamics-connector';
import { connectTo, emulatorCredentials, startSmallEmulator } from './emulator-connector';

describe('Dynamics connector: reads', () => {
  let emu: RunningDynamicsEmulator;

  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(() => emu.close());

  it('a full read pages through @odata.nextLink and returns every row once, lookups as _x_value and dates as ISO text', async () => {
    const connector = connectTo(emu);
    const seen: CrmRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await connector.fetchPage({ object: 'contact', fields: ['fullname', 'emailaddress1', '_parentcustomerid_value', 'new_newsletteroptin'] }, cursor);
      seen.push(...page.records);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(1);
    expect(seen).toHaveLength(emu.store.count('contact'));
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    const sample = seen.find((r) => r.fields._parentcustomerid_value)!;
    expect(typeof sample.fields._parentcustomerid_value).toBe('string');
    expect(sample.systemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(typeof sample.fields.new_newsletteroptin).toBe('boolean');
    expect(Object.keys(sample.fields).some((k) => k.includes('@'))).toBe(false);
  });

  it('keyset pages on (modifiedon, id) read every row when many share one modifiedon across page boundaries', async () => {
    emu.store.setClock(new Date('2026-03-01T10:00:00Z'));
    const stamped = emu.store.list('contact').slice(0, 45);
    for (const row of stamped) emu.store.update('contact', row.contactid as string, { jobtitle: 'Imported' });
    emu.store.setClock(null);
    const connector = connectTo(emu);
    const read: CrmRecord[] = [];
    let after: ChangeCursor | undefined;
    for (;;) {
      const page = await connector.fetchChangedPage({ object: 'contact', fields: ['jobtitle'], since: '2026-03-01T10:00:00.000Z', after, pageSize: 10 });
      read.push(...page.records);
      const last = page.records.at(-1);
      if (last) after = { stamp: last.systemModstamp!, id: last.id };
      if (page.done) break;
    }
    expect(read.map((r) => r.id).sort()).toEqual(stamped.map((r) => String(r.contactid)).sort());
    expect(new Set(read.map((r) => r.systemModstamp))).toEqual(new Set(['2026-03-01T10:00:00.000Z']));
  });

  it('fetchIdPage lists ids in id order and fetchByIds leaves out missing ids; fetchDeletedPage is empty (no readable recycle bin)', async () => {
    const connector = connectTo(emu);
    const ids: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await connector.fetchIdPage({ object: 'lead', afterId, pageSize: 15 });
      ids.push(...page.ids);
      afterId = page.ids.at(-1);
      if (page.done) break;
    }
    expect(ids).toEqual(emu.store.list('lead').map((r) => String(r.leadid)).sort());
    const wanted = [ids[0], ids[1], '00000000-0000-4000-8000-0000000000ff'];
    const records = await connector.fetchByIds({ object: 'lead', fields: ['lastname'], ids: wanted });
    expect(records.map((r) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
    await expect(connector.fetchDeletedPage({ object: 'lead', pageSize: 100 })).resolves.toEqual({ records: [], done: true });
  });

  it('testConnection signs in with client credentials and names the organization; a wrong secret is refused with Entra ID’s code', async () => {
    await expect(connectTo(emu).testConnection()).resolves.toMatchObject({ organizationId: expect.any(String) });
    await expect(new DynamicsConnector(emulatorCredentials(emu, 'wrong-secret')).testConnection()).rejects.toMatchObject({ crmCode: 'invalid_client', message: expect.stringMatching(/^AADSTS7000215/) });
  });
});
