import {
  buildByIdsQuery,
  buildCampaignMembersQuery,
  buildChangedPageQuery,
  buildDeletedPageQuery,
  buildIdPageQuery,
  buildSelectAll,
  datetimeLiteral,
} from '../../domain/crm/salesforce/soql';

describe('SOQL building', () => {
  it('always selects Id and SystemModstamp once and orders on the (SystemModstamp, Id) pair', () => {
    expect(buildSelectAll('Contact', ['Email', 'Id', 'Account.Name'])).toBe(
      'SELECT Id, SystemModstamp, Email, Account.Name FROM Contact ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it("reads a campaign's members by id only, and refuses anything but a record id as the campaign", () => {
    expect(buildCampaignMembersQuery('701000000000001AAA')).toBe("SELECT Id, ContactId, LeadId FROM CampaignMember WHERE CampaignId = '701000000000001AAA'");
    expect(() => buildCampaignMembersQuery("701' OR Name != '")).toThrow(/not a valid Salesforce record id/);
  });

  it('refuses names that could change the query', () => {
    expect(() => buildSelectAll('Contact', ['Email FROM User --'])).toThrow(/not a valid Salesforce field/);
    expect(() => buildSelectAll("Contact WHERE Name='x'", ['Email'])).toThrow(/not a valid/);
  });

  it('pages after a (stamp, id) position so records sharing the stamp are not skipped', () => {
    expect(
      buildChangedPageQuery({ object: 'Lead', fields: ['Email'], after: { stamp: '2026-01-02T03:04:05.000Z', id: '00Q000000000001AAA' }, pageSize: 500 }),
    ).toBe(
      'SELECT Id, SystemModstamp, Email FROM Lead WHERE (SystemModstamp > 2026-01-02T03:04:05Z OR ' +
        "(SystemModstamp = 2026-01-02T03:04:05Z AND Id > '00Q000000000001AAA')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 500",
    );
  });

  it('starts an incremental page at the overlap-adjusted instant', () => {
    expect(buildChangedPageQuery({ object: 'Lead', fields: [], since: '2026-01-02T03:04:05Z', pageSize: 2000 })).toBe(
      'SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2026-01-02T03:04:05Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000',
    );
  });

  it('asks for deleted rows only, in the same keyset order', () => {
    expect(buildDeletedPageQuery({ object: 'Contact', since: '2026-01-01T00:00:00Z', pageSize: 2000 })).toBe(
      'SELECT Id, SystemModstamp FROM Contact WHERE IsDeleted = true AND SystemModstamp >= 2026-01-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000',
    );
  });

  it('lists ids only, in id order, after the last one seen', () => {
    expect(buildIdPageQuery({ object: 'Account', pageSize: 2000 })).toBe('SELECT Id FROM Account ORDER BY Id ASC LIMIT 2000');
    expect(buildIdPageQuery({ object: 'Account', afterId: '001000000000123', pageSize: 10 })).toBe(
      "SELECT Id FROM Account WHERE Id > '001000000000123' ORDER BY Id ASC LIMIT 10",
    );
  });

  it('fetches by ids with checked id literals and at most 200 ids', () => {
    expect(buildByIdsQuery({ object: 'Lead', fields: ['Email'], ids: ['00Q000000000001', '00Q000000000002'] })).toBe(
      "SELECT Id, SystemModstamp, Email FROM Lead WHERE Id IN ('00Q000000000001', '00Q000000000002')",
    );
    expect(() => buildByIdsQuery({ object: 'Lead', fields: [], ids: ["x' OR Name != '"] })).toThrow(/not a valid Salesforce record id/);
    expect(() => buildByIdsQuery({ object: 'Lead', fields: [], ids: Array.from({ length: 201 }, () => '00Q000000000001') })).toThrow(/200/);
  });

  it('writes datetime literals without milliseconds unless they matter and refuses garbage', () => {
    expect(datetimeLiteral('2026-01-02T03:04:05.000+00:00')).toBe('2026-01-02T03:04:05Z');
    expect(datetimeLiteral('2026-01-02T03:04:05.120Z')).toBe('2026-01-02T03:04:05.120Z');
    expect(() => datetimeLiteral('yesterday')).toThrow(/not a valid instant/);
  });

  it('refuses page sizes outside 1..2000', () => {
    expect(() => buildIdPageQuery({ object: 'Lead', pageSize: 0 })).toThrow(/page size/);
    expect(() => buildIdPageQuery({ object: 'Lead', pageSize: 2001 })).toThrow(/page size/);
  });
});
