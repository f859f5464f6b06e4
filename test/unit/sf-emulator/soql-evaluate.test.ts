import { generateOrg } from '../../../sf-emulator/generator';
import { EMPTY_ORG } from '../../../sf-emulator/org-size';
import { executeQuery } from '../../../sf-emulator/soql/evaluate';
import { OrgStore } from '../../../sf-emulator/store';
import type { SfRecord } from '../../../sf-emulator/schema';

describe('the SOQL evaluator', () => {
  const store = new OrgStore(1);
  generateOrg(store, EMPTY_ORG, 1);
  store.setClock('2024-06-15T12:00:00Z');
  const people: Record<string, SfRecord> = {};
  const add = (key: string, fields: Record<string, unknown>) => {
    people[key] = store.insert('Contact', { LastName: key, ...fields } as Record<string, string | number | boolean | null>);
  };
  add('Ana', { FirstName: 'Ana', Email: 'ana+news@example.com', Behavior_Score__c: 80, Interests__c: 'Email;Events', Last_Webinar_Date__c: '2024-06-15' });
  add('Ben', { FirstName: 'Ben', Email: 'BEN@Example.com', Behavior_Score__c: 20, Interests__c: 'Mobile', Last_Webinar_Date__c: '2024-06-14' });
  add('Zoë', { FirstName: null, Email: null, Behavior_Score__c: null, Interests__c: null, Last_Webinar_Date__c: '2024-05-01' });
  add('O_Brien', { FirstName: "D'Arcy", Email: 'darcy@example.org', Behavior_Score__c: 50, Interests__c: 'Email;Mobile;Webinars', Newsletter_Opt_In__c: true });

  const names = (where: string, orderBy = 'LastName') =>
    (executeQuery(store, '59.0', `SELECT LastName FROM Contact ${where} ORDER BY ${orderBy}`, { includeDeleted: false }).rows as SfRecord[]).map((r) => r.LastName);

  it('treats null as equal only to null, and != as including nulls', () => {
    expect(names('WHERE Email = null')).toEqual(['Zoë']);
    expect(names('WHERE Email != null')).toEqual(['Ana', 'Ben', 'O_Brien']);
    expect(names("WHERE FirstName != 'Ana'")).toEqual(['Ben', "O_Brien", 'Zoë']);
    expect(names('WHERE Behavior_Score__c < 60')).toEqual(['Ben', 'O_Brien']);
  });

  it('compares text case-insensitively and understands escaped quotes', () => {
    expect(names("WHERE Email = 'ben@example.com'")).toEqual(['Ben']);
    expect(names("WHERE FirstName = 'D\\'Arcy'")).toEqual(['O_Brien']);
  });

  it('matches LIKE with % and _ case-insensitively, with \\_ as a literal underscore', () => {
    expect(names("WHERE Email LIKE '%+news@%'")).toEqual(['Ana']);
    expect(names("WHERE Email LIKE 'b_n@%'")).toEqual(['Ben']);
    expect(names("WHERE LastName LIKE 'o\\_%'")).toEqual(['O_Brien']);
    expect(names("WHERE LastName LIKE 'z%'")).toEqual(['Zoë']);
  });

  it('honours AND/OR/NOT with parentheses', () => {
    expect(names("WHERE (Behavior_Score__c > 70 OR Behavior_Score__c < 30) AND NOT Email LIKE '%+news%'")).toEqual(['Ben']);
    expect(names("WHERE Behavior_Score__c > 70 OR Behavior_Score__c < 30 AND Email LIKE '%.org'")).toEqual(['Ana']);
    expect(names("WHERE NOT (LastName IN ('Ana', 'Ben'))")).toEqual(['O_Brien', 'Zoë']);
    expect(names("WHERE LastName NOT IN ('Ana') AND Newsletter_Opt_In__c = true")).toEqual(['O_Brien']);
  });

  it('evaluates date literals against the org clock', () => {
    expect(names('WHERE Last_Webinar_Date__c = TODAY')).toEqual(['Ana']);
    expect(names('WHERE Last_Webinar_Date__c = YESTERDAY')).toEqual(['Ben']);
    expect(names('WHERE Last_Webinar_Date__c = LAST_N_DAYS:1')).toEqual(['Ana', 'Ben']);
    expect(names('WHERE Last_Webinar_Date__c < LAST_N_DAYS:30')).toEqual(['Zoë']);
    expect(names('WHERE Last_Webinar_Date__c >= 2024-06-14')).toEqual(['Ana', 'Ben']);
    expect(names('WHERE CreatedDate = TODAY')).toEqual(['Ana', 'Ben', 'O_Brien', 'Zoë']);
    expect(names('WHERE CreatedDate > 2024-06-15T13:00:00+02:00')).toEqual(['Ana', 'Ben', 'O_Brien', 'Zoë']);
    expect(names('WHERE CreatedDate > 2024-06-15T12:00:00Z')).toEqual([]);
  });

  it('tests multi-select picklists with INCLUDES and EXCLUDES', () => {
    expect(names("WHERE Interests__c INCLUDES ('Email')")).toEqual(['Ana', 'O_Brien']);
    expect(names("WHERE Interests__c INCLUDES ('Email;Mobile', 'Events')")).toEqual(['Ana', 'O_Brien']);
    expect(names("WHERE Interests__c INCLUDES ('email;mobile')")).toEqual(['O_Brien']);
    expect(names("WHERE Interests__c EXCLUDES ('Email')")).toEqual(['Ben', 'Zoë']);
  });

  it('orders with nulls first ascending and last descending unless told otherwise', () => {
    expect(names('', 'Behavior_Score__c')).toEqual(['Zoë', 'Ben', 'O_Brien', 'Ana']);
    expect(names('', 'Behavior_Score__c DESC')).toEqual(['Ana', 'O_Brien', 'Ben', 'Zoë']);
    expect(names('', 'Behavior_Score__c ASC NULLS LAST')).toEqual(['Ben', 'O_Brien', 'Ana', 'Zoë']);
  });

  it('computes the formula field at read time', () => {
    store.setClock('2024-06-20T00:00:00Z');
    const result = executeQuery(store, '59.0', `SELECT Days_Since_Created__c FROM Contact WHERE Id = '${people.Ana.Id}'`, { includeDeleted: false });
    expect(result.render(result.rows[0])).toMatchObject({ Days_Since_Created__c: 5 });
    store.setClock('2024-06-15T12:00:00Z');
  });

  it('rejects a quoted value for a number field and INCLUDES on a plain picklist', () => {
    expect(() => names("WHERE Behavior_Score__c = '5'")).toThrow(expect.objectContaining({ errorCode: 'INVALID_FIELD' }));
    expect(() => names("WHERE Customer_Tier__c INCLUDES ('Gold')")).toThrow(expect.objectContaining({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' }));
    expect(() => names("WHERE Id = 'garbage'")).toThrow(expect.objectContaining({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' }));
  });
});
