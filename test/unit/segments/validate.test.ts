import { buildSegmentFieldCatalog } from '../../../domain/segments/catalog';
import { QUERY_LIMITS } from '../../../domain/segments/query';
import { validateSegmentQuery } from '../../../domain/segments/validate';
import { CATALOG } from './segment-catalog';

const problemsOf = (query: unknown, catalog = CATALOG) => {
  const result = validateSegmentQuery(query, catalog);
  return result.ok ? [] : result.problems;
};
const one = (condition: unknown) => ({ all: [condition] });
const at0 = (suffix = '') => `$.all[0]${suffix}`;
const opportunity = (extra: Record<string, unknown>) => one({ related: 'Opportunity', match: 'any', where: { all: [] }, ...extra });

describe('validateSegmentQuery', () => {
  it('accepts a query using every object, a related condition with count, and a Campaign inside CampaignMember', () => {
    const query = {
      all: [
        { object: 'Member', field: 'Email', op: 'ends_with', value: '@acme.com' },
        { object: 'Marketing', field: 'engagementScore', op: 'gte', value: 50 },
        { any: [{ object: 'Account', field: 'Industry', op: 'in', value: ['Retail', 'Banking'] }, { object: 'Owner', field: 'IsActive', op: 'equals', value: true }] },
        { related: 'Opportunity', match: 'any', count: { op: 'gte', value: 2 }, where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { object: 'Opportunity', field: 'Amount', op: 'between', value: [10000, 50000] }] } },
        { related: 'CampaignMember', match: 'all', orNone: true, where: { not: { object: 'Campaign', field: 'Type', op: 'equals', value: 'Webinar' } } },
        { not: { object: 'Member', field: 'CreatedDate', op: 'within_last_days', value: 30 } },
        { object: 'Member', field: 'Rating', op: 'is_empty', value: null },
      ],
    };
    expect(validateSegmentQuery(query, CATALOG)).toEqual({ ok: true, query });
  });

  // [what is wrong, query, expected path, words the message contains]
  const invalid: [string, unknown, string, string][] = [
    ['not an object', 'all', '$', 'expected'],
    ['null', null, '$', 'expected'],
    ['a bare condition is not a query', { object: 'Member', field: 'Email', op: 'is_empty' }, '$', 'a query is a group'],
    ['a group with two kinds', { all: [], any: [] }, '$', 'exactly one of all, any or not'],
    ['all that is not a list', { all: {} }, '$.all', 'takes a list'],
    ['an unknown key on a group', { all: [], limit: 5 }, '$.limit', "unknown key 'limit'"],
    ['an odd unknown key gets a bracketed path', { all: [], 'a b': 1 }, '$["a b"]', 'unknown key'],
    ['an item that is neither group nor condition', one(42), at0(), 'expected'],
    ['an empty object', one({}), at0(), 'expected'],
    ['an unknown object', one({ object: 'Lead', field: 'Email', op: 'is_empty' }), at0('.object'), 'object is one of Member, Marketing, Account, Owner'],
    ['a 1:many object used as a 1:1 object', one({ object: 'Opportunity', field: 'Amount', op: 'gt', value: 1 }), at0('.object'), 'use {"related": "Opportunity"'],
    ['Campaign outside CampaignMember', one({ object: 'Campaign', field: 'Type', op: 'is_empty' }), at0('.object'), 'inside {"related": "CampaignMember"'],
    ['a missing object', one({ field: 'Email', op: 'is_empty' }), at0('.object'), 'got nothing'],
    ['an unknown field', one({ object: 'Member', field: 'Nope__c', op: 'is_empty' }), at0('.field'), "Lead or Contact has no field 'Nope__c'"],
    ['a field spelled in another case', one({ object: 'Account', field: 'industry', op: 'is_empty' }), at0('.field'), "did you mean 'Industry'?"],
    ['an unmapped marketing field', one({ object: 'Marketing', field: 'Email', op: 'is_empty' }), at0('.field'), "did you mean 'email'?"],
    ['an empty field name', one({ object: 'Member', field: '', op: 'is_empty' }), at0('.field'), 'a field name'],
    ['an unknown operator', one({ object: 'Member', field: 'Email', op: 'like', value: 'x' }), at0('.op'), 'op is one of'],
    ['contains on a number', one({ object: 'Member', field: 'Score__c', op: 'contains', value: '1' }), at0('.op'), 'contains does not apply to'],
    ['gt on text', one({ object: 'Account', field: 'Name', op: 'gt', value: 'a' }), at0('.op'), 'gt does not apply to Account.Name (text)'],
    ['within_last_days on a boolean', one({ object: 'Owner', field: 'IsActive', op: 'within_last_days', value: 3 }), at0('.op'), 'does not apply'],
    ['a number as text', one({ object: 'Marketing', field: 'engagementScore', op: 'gte', value: '10' }), at0('.value'), "expected a number, got '10'"],
    ['a boolean as text', one({ object: 'Owner', field: 'IsActive', op: 'equals', value: 'true' }), at0('.value'), 'expected true or false'],
    ['a US date', one({ object: 'Account', field: 'FoundedDate__c', op: 'before', value: '05/01/2024' }), at0('.value'), 'expected a date YYYY-MM-DD'],
    ['a date that does not exist', one({ object: 'Account', field: 'FoundedDate__c', op: 'equals', value: '2024-02-30' }), at0('.value'), 'expected a date'],
    ['a date-time on a date field', one({ object: 'Account', field: 'FoundedDate__c', op: 'after', value: '2024-05-01T00:00:00Z' }), at0('.value'), 'expected a date YYYY-MM-DD'],
    ['a date-time without a zone', one({ object: 'Account', field: 'LastModifiedDate', op: 'after', value: '2024-05-01T10:00:00' }), at0('.value'), 'with a time zone'],
    ['no value', one({ object: 'Member', field: 'Email', op: 'equals' }), at0('.value'), 'equals needs a value'],
    ['an empty text', one({ object: 'Member', field: 'Email', op: 'equals', value: '' }), at0('.value'), 'use is_empty'],
    ['text too long', one({ object: 'Member', field: 'Email', op: 'contains', value: 'x'.repeat(QUERY_LIMITS.maxTextLength + 1) }), at0('.value'), 'characters long'],
    ["a multi-select value with ';'", one({ object: 'Account', field: 'Regions__c', op: 'equals', value: 'EMEA;APAC' }), at0('.value'), "cannot contain ';'"],
    ['contains with a number', one({ object: 'Member', field: 'Email', op: 'contains', value: 5 }), at0('.value'), 'expected text'],
    ['between with one value', one({ object: 'Member', field: 'Score__c', op: 'between', value: [1] }), at0('.value'), 'exactly two values'],
    ['between with three values', one({ object: 'Member', field: 'Score__c', op: 'between', value: [1, 2, 3] }), at0('.value'), 'exactly two values'],
    ['between with a scalar', one({ object: 'Member', field: 'Score__c', op: 'between', value: 1 }), at0('.value'), 'exactly two values'],
    ['between with a wrong second value', one({ object: 'Member', field: 'Score__c', op: 'between', value: [1, 'x'] }), at0('.value[1]'), 'expected a number'],
    ['between high below low', one({ object: 'Member', field: 'Score__c', op: 'between', value: [5, 1] }), at0('.value'), 'above the high value'],
    ['between days reversed', one({ object: 'Member', field: 'CreatedDate', op: 'between', value: ['2024-06-02', '2024-06-01'] }), at0('.value'), 'above the high value'],
    ['in with a scalar', one({ object: 'Account', field: 'Industry', op: 'in', value: 'Retail' }), at0('.value'), 'non-empty list'],
    ['in with an empty list', one({ object: 'Account', field: 'Industry', op: 'not_in', value: [] }), at0('.value'), 'non-empty list'],
    ['in with a wrong item', one({ object: 'Account', field: 'Industry', op: 'in', value: ['Retail', 'Energy', 7] }), at0('.value[2]'), 'expected a non-empty picklist value'],
    ['in with too many values', one({ object: 'Account', field: 'Name', op: 'in', value: Array.from({ length: QUERY_LIMITS.maxListValues + 1 }, (_, i) => `n${i}`) }), at0('.value'), 'at most 1000 values'],
    ['within_last_days 0', one({ object: 'Member', field: 'CreatedDate', op: 'within_last_days', value: 0 }), at0('.value'), 'whole number of days from 1'],
    ['within_last_days fractional', one({ object: 'Member', field: 'CreatedDate', op: 'within_last_days', value: 1.5 }), at0('.value'), 'whole number'],
    ['within_last_days as text', one({ object: 'Member', field: 'CreatedDate', op: 'within_last_days', value: '7' }), at0('.value'), 'whole number'],
    ['within_last_days too far', one({ object: 'Member', field: 'CreatedDate', op: 'within_last_days', value: QUERY_LIMITS.maxWithinDays + 1 }), at0('.value'), 'whole number'],
    ['is_empty with a value', one({ object: 'Member', field: 'Email', op: 'is_empty', value: 'x' }), at0('.value'), 'takes no value'],
    ['an unknown key on a condition', one({ object: 'Member', field: 'Email', op: 'is_empty', negate: true }), at0('.negate'), "unknown key 'negate'"],
    ['count on a field condition', one({ object: 'Member', field: 'Email', op: 'is_empty', count: { op: 'gte', value: 1 } }), at0('.count'), 'belongs to a related condition'],
    ['an unknown related object', one({ related: 'Case', match: 'any', where: { all: [] } }), at0('.related'), 'related is one of Opportunity, CampaignMember'],
    ['a missing match', one({ related: 'Opportunity', where: { all: [] } }), at0('.match'), 'needs match'],
    ['an unknown match', opportunity({ match: 'some' }), at0('.match'), 'match is one of any, all, none'],
    ['count with match all', opportunity({ match: 'all', count: { op: 'gte', value: 1 } }), at0('.count'), 'only to match "any"'],
    ['count with an unknown op', opportunity({ count: { op: 'gt', value: 1 } }), at0('.count.op'), 'count op is one of gte, lte, eq'],
    ['a negative count', opportunity({ count: { op: 'gte', value: -1 } }), at0('.count.value'), 'whole number from 0'],
    ['a fractional count', opportunity({ count: { op: 'gte', value: 0.5 } }), at0('.count.value'), 'whole number from 0'],
    ['count as a number', opportunity({ count: 2 }), at0('.count'), 'count is {"op"'],
    ['orNone with match any', opportunity({ orNone: true }), at0('.orNone'), 'only to match "all"'],
    ['orNone as text', opportunity({ match: 'all', orNone: 'yes' }), at0('.orNone'), 'true or false'],
    ['a missing where', one({ related: 'Opportunity', match: 'any' }), at0('.where'), 'needs where'],
    ['where as a condition', opportunity({ where: { field: 'Amount', op: 'gt', value: 1 } }), at0('.where'), 'where is a group'],
    ['an Account field inside an Opportunity', opportunity({ where: { all: [{ object: 'Account', field: 'Name', op: 'is_empty' }] } }), at0('.where.all[0].object'), "object is 'Opportunity'"],
    ['a Campaign inside an Opportunity', opportunity({ where: { all: [{ object: 'Campaign', field: 'Type', op: 'is_empty' }] } }), at0('.where.all[0].object'), "object is 'Opportunity'"],
    ['an unknown field inside where', opportunity({ where: { all: [{ field: 'Stage', op: 'is_empty' }] } }), at0('.where.all[0].field'), "Opportunity has no field 'Stage'"],
    ['a wrong operator deep inside where', opportunity({ where: { any: [{ not: { field: 'IsWon', op: 'contains', value: 'x' } }] } }), at0('.where.any[0].not.op'), 'does not apply'],
    ['a related condition inside where', opportunity({ where: { all: [{ related: 'Opportunity', match: 'any', where: { all: [] } }] } }), at0('.where.all[0]'), 'cannot be nested inside where'],
    ['an unknown key on a related condition', opportunity({ limit: 3 }), at0('.limit'), "unknown key 'limit'"],
  ];

  it.each(invalid)('%s', (_what, query, path, words) => {
    const problems = problemsOf(query);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContainEqual({ path, message: expect.stringContaining(words) });
  });

  it('lists every problem of a query, each with its own path', () => {
    const problems = problemsOf({
      any: [
        { object: 'Member', field: 'Nope', op: 'equals', value: 1 },
        { object: 'Marketing', field: 'engagementScore', op: 'contains', value: 'x' },
        { related: 'Opportunity', match: 'every', where: { all: [{ field: 'Amount', op: 'gt', value: 'big' }] } },
        { not: { object: 'Account', field: 'Industry', op: 'in', value: [] } },
      ],
      extra: true,
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.any[0].field', '$.any[1].op', '$.any[2].match', '$.any[2].where.all[0].value', '$.any[3].not.value', '$.extra'].sort());
  });

  it('a field on Lead and Contact is checked against both, and a shared problem is reported once', () => {
    expect(problemsOf(one({ object: 'Member', field: 'Score__c', op: 'gt', value: 'x' }))).toEqual([{ path: '$.all[0].value', message: "expected a number, got 'x'" }]);
  });

  it('fields of types segments cannot filter, and compound fields, are refused with the type', () => {
    const catalog = buildSegmentFieldCatalog({ ...CATALOG, Account: [{ name: 'BillingAddress', type: 'address' }, { name: 'Geo', type: 'location', compound: true }] }, null, CATALOG.schema);
    expect(problemsOf(one({ object: 'Account', field: 'BillingAddress', op: 'is_empty' }), catalog)).toEqual([{ path: '$.all[0].field', message: 'segments cannot filter on Account.BillingAddress (address)' }]);
    expect(problemsOf(one({ object: 'Account', field: 'Geo', op: 'is_empty' }), catalog)[0].message).toContain('segments cannot filter');
  });

  describe('limits keep a hostile body cheap', () => {
    it('nesting deeper than the limit is one problem, however deep the body goes', () => {
      let query: unknown = { object: 'Member', field: 'Email', op: 'is_empty' };
      for (let i = 0; i < 100_000; i += 1) query = { not: query };
      const problems = problemsOf(query);
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toContain(`at most ${QUERY_LIMITS.maxDepth} levels`);
    });

    it('more groups and conditions than the limit is one problem', () => {
      const problems = problemsOf({ all: Array.from({ length: 100_000 }, () => ({ object: 'Member', field: 'Email', op: 'is_empty' })) });
      expect(problems).toEqual([{ path: '$.all', message: `a query holds at most ${QUERY_LIMITS.maxNodes} groups and conditions` }]);
      const spread = problemsOf({ any: Array.from({ length: 300 }, () => ({ all: [{ object: 'Member', field: 'Email', op: 'is_empty' }] })) });
      expect(spread.map((p) => p.message)).toEqual([`a query holds at most ${QUERY_LIMITS.maxNodes} groups and conditions`]);
    });

    it('the list of problems is capped, and says so', () => {
      const problems = problemsOf({ all: Array.from({ length: 400 }, () => ({ object: 'Nope', field: '', op: 'x' })) });
      expect(problems).toHaveLength(QUERY_LIMITS.maxProblems + 1);
      expect(problems[QUERY_LIMITS.maxProblems].message).toContain(`more than ${QUERY_LIMITS.maxProblems} problems`);
    });

    it('a thousand unknown keys are reported as ten and a count', () => {
      const group: Record<string, unknown> = { all: [] };
      for (let i = 0; i < 1000; i += 1) group[`k${i}`] = i;
      const problems = problemsOf(group);
      expect(problems).toHaveLength(11);
      expect(problems[10].message).toBe('990 more unknown keys');
    });

    it('long keys and values are cut short in paths and messages', () => {
      const long = 'x'.repeat(10_000);
      const problems = problemsOf({ all: [], [long]: 1, any: undefined });
      expect(JSON.stringify(problems).length).toBeLessThan(1000);
    });
  });
});
