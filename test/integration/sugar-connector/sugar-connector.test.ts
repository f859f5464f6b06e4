import type { CrmRecord } from '../../../domain/crm/connector';
import type { SugarCredentials } from '../../../domain/crm/credentials';
import { SugarConnector } from '../../../domain/crm/sugar/sugar-connector';
import { OPPORTUNITY_CONTACTS, TARGET_LIST_MEMBERS } from '../../../domain/crm/sugar/sugar-model';
import { DEMO_CREDENTIALS, type RunningSugarEmulator } from '../../../sugar-emulator';
import { startSmallEmulator } from '../sugar-emulator/sugar-client';

const credentialsOf = (emu: RunningSugarEmulator): SugarCredentials => ({ kind: 'sugar', loginUrl: emu.url, apiVersion: 'v11_25', ...DEMO_CREDENTIALS });
const FAST = { call: { baseDelayMs: 5, maxDelayMs: 20 }, write: { roundDelayMs: 5, maxRoundDelayMs: 20 } };

/** Every page of a keyset read, each page after the last record of the one before. */
async function readAll(connector: SugarConnector, object: string, pageSize: number, since?: string): Promise<CrmRecord[]> {
  const all: CrmRecord[] = [];
  for (;;) {
    const last = all[all.length - 1];
    const page = await connector.fetchChangedPage({ object, fields: ['last_name', 'title'], since, after: last ? { stamp: last.systemModstamp as string, id: last.id } : undefined, pageSize });
    all.push(...page.records);
    if (page.done) return all;
  }
}

describe('SugarCRM connector against the Sugar emulator', () => {
  let emu: RunningSugarEmulator;
  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(() => emu.close());

  it('reads by (date_modified, id) keyset: records sharing one stamp across page boundaries are each read once', async () => {
    emu.store.setClock('2026-01-01T12:00:00Z');
    const added = Array.from({ length: 25 }, (_, i) => String(emu.store.insert('Contacts', { last_name: `Same stamp ${i}` }).id));
    const connector = new SugarConnector(credentialsOf(emu), FAST);
    const read = await readAll(connector, 'Contacts', 7);
    expect(read.map((r) => r.id).sort()).toEqual(emu.store.list('Contacts').map((r) => String(r.id)).sort());
    const since = await readAll(connector, 'Contacts', 7, '2026-01-01T12:00:00Z');
    expect(since.map((r) => r.id).sort()).toEqual([...added].sort());
  });

  it('sees soft deletes with deleted=true, and lists ids for the drift check', async () => {
    const connector = new SugarConnector(credentialsOf(emu), FAST);
    const [gone] = emu.store.list('Leads');
    emu.store.delete('Leads', String(gone.id));
    const deleted = await connector.fetchDeletedPage({ object: 'Leads', pageSize: 50 });
    expect(deleted.records.map((r) => r.id)).toEqual([gone.id]);
    const ids = await connector.fetchIdPage({ object: 'Leads', pageSize: 1000 });
    expect(ids.ids).toEqual(emu.store.list('Leads').map((r) => String(r.id)).sort());
  });

  it('composes Target List members and opportunity contacts from links, and reads them back by id', async () => {
    const connector = new SugarConnector(credentialsOf(emu), FAST);
    const members = await readAll(connector, TARGET_LIST_MEMBERS, 10);
    const expected = emu.store.list('ProspectLists').flatMap((l) => emu.store.listMembers(String(l.id)).filter((m) => m.module === 'Contacts' || m.module === 'Leads').map((m) => `${m.id}:${String(l.id)}`));
    expect(members.map((r) => r.id).sort()).toEqual(expected.sort());
    expect((await connector.fetchIdPage({ object: TARGET_LIST_MEMBERS, pageSize: 200 })).ids).toEqual([...expected].sort());
    const some = expected.slice(0, 3);
    expect((await connector.fetchByIds({ object: TARGET_LIST_MEMBERS, fields: [], ids: some })).map((r) => r.id).sort()).toEqual([...some].sort());

    const links = await readAll(connector, OPPORTUNITY_CONTACTS, 10);
    const roles = emu.store.relationshipRows('opportunities_contacts').map((r) => `${r.lhsId}:${r.rhsId}`);
    expect(links.map((r) => r.id).sort()).toEqual(roles.sort());
  });

  it('one session per user and platform: two connectors share it, and an expired one is renewed', async () => {
    const a = new SugarConnector(credentialsOf(emu), FAST);
    const b = new SugarConnector(credentialsOf(emu), FAST);
    await a.testConnection();
    await b.testConnection();
    await a.fetchIdPage({ object: 'Users', pageSize: 10 });
    emu.expireAccessTokens();
    await b.fetchIdPage({ object: 'Users', pageSize: 10 });
    emu.expireRefreshTokens();
    emu.expireAccessTokens();
    await expect(a.testConnection()).resolves.toMatchObject({ userName: DEMO_CREDENTIALS.username });
  });

  it('pushes through /bulk: a deleted record is a per-record error, faults are retried, nothing is written twice or deleted', async () => {
    const connector = new SugarConnector(credentialsOf(emu), FAST);
    const [kept, gone, other] = emu.store.list('Contacts').map((r) => String(r.id));
    emu.store.delete('Contacts', gone);
    emu.stats.reset();
    emu.faults.failNext('LOST_ANSWER', 1);
    emu.faults.failNext('ROW_LOCK', 1);
    const results = await connector.updateRecords({
      object: 'Contacts',
      records: [
        { id: kept, fields: { behavior_score_c: 91, interests_c: 'analytics;email' } },
        { id: gone, fields: { behavior_score_c: 5 } },
        { id: other, fields: { behavior_score_c: 12 } },
      ],
    });
    expect(results.map((r) => [r.ref, r.success, r.errors[0]?.code])).toEqual([
      [kept, true, undefined],
      [gone, false, 'not_found'],
      [other, true, undefined],
    ]);
    expect(emu.store.get('Contacts', kept)).toMatchObject({ behavior_score_c: 91, interests_c: ['analytics', 'email'] });
    expect(emu.stats.writesOf(kept)).toBe(1);
    expect(emu.stats.writesOf(other)).toBe(1);
    expect(emu.stats.deleteRequestsBy('crm-sync')).toBe(0);
  });

  it('describes dropdowns as picklists with labels, booleans and calculated fields', async () => {
    const connector = new SugarConnector(credentialsOf(emu), FAST);
    const describe = await connector.describeObject('Contacts');
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    expect(field('customer_tier_c')).toMatchObject({ type: 'picklist', picklistValues: ['bronze', 'silver', 'gold', 'platinum'], picklistLabels: { gold: 'Gold' } });
    expect(field('newsletter_opt_in_c')?.type).toBe('boolean');
    expect(field('score_band_c')).toMatchObject({ calculated: true, updateable: false });
    expect(field('behavior_score_c')).toMatchObject({ type: 'int', updateable: true });
  });
});
