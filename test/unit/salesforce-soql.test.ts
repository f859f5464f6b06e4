import { buildSelectAll } from '../../domain/crm/salesforce/soql';

describe('SOQL building', () => {
  it('always selects Id and SystemModstamp once and orders on the (SystemModstamp, Id) pair', () => {
    expect(buildSelectAll('Contact', ['Email', 'Id', 'Account.Name'])).toBe(
      'SELECT Id, SystemModstamp, Email, Account.Name FROM Contact ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('refuses names that could change the query', () => {
    expect(() => buildSelectAll('Contact', ['Email FROM User --'])).toThrow(/not a valid Salesforce field/);
    expect(() => buildSelectAll("Contact WHERE Name='x'", ['Email'])).toThrow(/not a valid/);
  });
});
