import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection } from './connect';

type Row = Record<string, unknown> & { Id: string };

describe('SOQL query, queryMore and queryAll through jsforce', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({
      seed: 3,
      org: { leads: 300, contacts: 4_500, accounts: 200, users: 5, opportunities: 150, campaigns: 4 },
    });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('pages through every record exactly once with autoFetch, 2000 per page by default', async () => {
    const before = emu.stats.byEndpoint.queryMore ?? 0;
    const result = await conn.query<Row>('SELECT Id, Email FROM Contact ORDER BY SystemModstamp, Id', { autoFetch: true, maxFetch: 100_000 });
    expect(result.totalSize).toBe(4_500);
    expect(result.records).toHaveLength(4_500);
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(4_500);
    expect((emu.stats.byEndpoint.queryMore ?? 0) - before).toBe(2);
  });

  it('honours Sforce-Query-Options batchSize and follows nextRecordsUrl with queryMore', async () => {
    const headers = { 'Sforce-Query-Options': 'batchSize=500' };
    const first = await conn.request<{ totalSize: number; done: boolean; nextRecordsUrl: string; records: Row[] }>({
      method: 'GET',
      url: `/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`,
      headers,
    });
    expect(first).toMatchObject({ totalSize: 4_500, done: false });
    expect(first.records).toHaveLength(500);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v59\.0\/query\/01g\w+-500$/);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl);
    expect(second.records).toHaveLength(500);
    expect(second.records[0].Id).not.toBe(first.records[0].Id);
  });

  it('keeps a cursor on the result as it was when the query ran', async () => {
    const first = await conn.query<Row>('SELECT Id, LastName FROM Contact ORDER BY Id');
    const lastId = (await conn.query<Row>('SELECT Id FROM Contact ORDER BY Id DESC LIMIT 1')).records[0].Id;
    emu.store.update('Contact', lastId, { LastName: 'Changed-After-Cursor' });
    emu.store.insert('Contact', { LastName: 'Inserted-After-Cursor' });
    let page = first;
    const seen: Row[] = [...first.records];
    while (!page.done) {
      page = await conn.queryMore<Row>(page.nextRecordsUrl as string);
      seen.push(...page.records);
    }
    expect(seen).toHaveLength(first.totalSize);
    expect(seen.map((r) => r.LastName)).not.toContain('Changed-After-Cursor');
    expect(seen.map((r) => r.LastName)).not.toContain('Inserted-After-Cursor');
  });

  it('shows soft-deleted rows to queryAll with IsDeleted true, never to query', async () => {
    const lead = emu.store.insert('Lead', { LastName: 'Recycled', Company: 'Bin Ltd' });
    emu.store.delete('Lead', lead.Id);
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${lead.Id}'`;
    await expect(conn.query(soql)).resolves.toMatchObject({ totalSize: 0, records: [] });
    const all = await conn.query<Row>(soql, { scanAll: true });
    expect(all.records).toEqual([expect.objectContaining({ Id: lead.Id, IsDeleted: true })]);
    emu.store.emptyRecycleBin();
    await expect(conn.query(soql, { scanAll: true })).resolves.toMatchObject({ totalSize: 0 });
  });

  it('returns parent relationship fields nested with attributes, or null when the lookup is empty', async () => {
    const account = emu.store.insert('Account', { Name: 'Parent Co' });
    const withParent = emu.store.insert('Contact', { LastName: 'Child', AccountId: account.Id });
    const orphan = emu.store.insert('Contact', { LastName: 'Orphan', AccountId: null });
    const result = await conn.query<Row>(
      `SELECT Id, Account.Name, Account.Owner.Email, Owner.Email FROM Contact WHERE Id IN ('${withParent.Id}', '${orphan.Id}') ORDER BY LastName`,
    );
    const [child, lonely] = result.records;
    expect(child.Account).toEqual({
      attributes: { type: 'Account', url: `/services/data/v59.0/sobjects/Account/${account.Id}` },
      Name: 'Parent Co',
      Owner: { attributes: { type: 'User', url: expect.stringMatching(/\/sobjects\/User\/005/) }, Email: expect.any(String) },
    });
    expect(lonely.Account).toBeNull();
    expect(lonely.Owner).toMatchObject({ attributes: { type: 'User' } });
    expect(child.attributes).toEqual({ type: 'Contact', url: `/services/data/v59.0/sobjects/Contact/${withParent.Id}` });
  });

  it('reads Campaign.Name on CampaignMember and Contact.Email on OpportunityContactRole', async () => {
    const members = await conn.query<Row>('SELECT Id, Campaign.Name, CampaignId FROM CampaignMember LIMIT 5');
    for (const m of members.records) expect(m.Campaign).toMatchObject({ attributes: { type: 'Campaign' }, Name: expect.any(String) });
    const roles = await conn.query<Row>('SELECT ContactId, Contact.Email FROM OpportunityContactRole LIMIT 5');
    expect(roles.records.length).toBeGreaterThan(0);
    for (const r of roles.records) expect(r.Contact).toMatchObject({ attributes: { type: 'Contact' } });
  });

  it('counts with COUNT() and COUNT(Id), and filters with a semi-join on campaign members', async () => {
    const campaignId = emu.store.list('Campaign')[0].Id;
    const memberContacts = new Set(emu.store.list('CampaignMember').filter((m) => m.CampaignId === campaignId && m.ContactId).map((m) => m.ContactId));
    const count = await conn.query(`SELECT COUNT() FROM Contact WHERE Id IN (SELECT ContactId FROM CampaignMember WHERE CampaignId = '${campaignId}')`);
    expect(count).toMatchObject({ totalSize: memberContacts.size, records: [] });
    const aggregate = await conn.query<Record<string, unknown>>('SELECT COUNT(Id) FROM Lead');
    expect(aggregate.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: emu.store.list('Lead').length }]);
  });

  it('applies WHERE, ORDER BY with NULLS LAST, LIMIT and OFFSET', async () => {
    const result = await conn.query<Row>(
      "SELECT Id, Behavior_Score__c FROM Contact WHERE (Behavior_Score__c >= 50 OR Behavior_Score__c = null) AND LastName != 'Orphan' ORDER BY Behavior_Score__c DESC NULLS LAST, Id LIMIT 20 OFFSET 5",
    );
    expect(result.records).toHaveLength(20);
    const scores = result.records.map((r) => r.Behavior_Score__c as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeLessThanOrEqual(100);
  });

  it('rejects malformed SOQL with MALFORMED_QUERY and unknown fields with INVALID_FIELD', async () => {
    await expect(conn.query('SELEC Id FROM Contact')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    await expect(conn.query('SELECT Id, Favourite_Colour__c FROM Contact')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Favourite_Colour__c' on entity 'Contact'"),
    });
    await expect(conn.query('SELECT Id FROM Contact WHERE CreatedDate > 2024-01-01')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.query('SELECT Id FROM Widget__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
  });
});
