import { PEEL_IN_LIST_MIN, passesPeeledTests, peelInLists, projectionPaths } from '../../../domain/segments/db/peel-in-lists';

const ids = (prefix: string, n = PEEL_IN_LIST_MIN) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('peelInLists', () => {
  it('takes long top-level and $and string $in lists out of the filter and keeps everything else for the server', () => {
    const people = ids('003');
    const accounts = ids('001');
    const peeled = peelInLists({ listId: 'l1', crmId: { $in: people }, $and: [{ 'fields.AccountId': { $in: accounts } }, { type: 'Contact' }] });
    expect(peeled.filter).toEqual({ listId: 'l1', $and: [{}, { type: 'Contact' }] });
    expect(peeled.tests.map((t) => [t.path, t.ids.size])).toEqual([
      ['crmId', PEEL_IN_LIST_MIN],
      ['fields.AccountId', PEEL_IN_LIST_MIN],
    ]);
  });

  it('leaves short lists, lists under $or and $in with other operators to the server', () => {
    const short = { crmId: { $in: ids('003', PEEL_IN_LIST_MIN - 1) } };
    const underOr = { $or: [{ crmId: { $in: ids('003') } }, { type: 'Lead' }] };
    const withNin = { crmId: { $in: ids('003'), $nin: ['0030'] } };
    for (const filter of [short, underOr, withNin]) expect(peelInLists(filter)).toEqual({ filter, tests: [] });
  });

  it('tests documents as MongoDB would: any value at the path, arrays walked into, only strings', () => {
    const { tests } = peelInLists({ 'links.opportunityIds': { $in: ids('006') } });
    expect(passesPeeledTests({ links: { opportunityIds: ['x', '0065'] } }, tests)).toBe(true);
    expect(passesPeeledTests({ links: [{ opportunityIds: 'nope' }, { opportunityIds: '0060' }] }, tests)).toBe(true);
    expect(passesPeeledTests({ links: { opportunityIds: ['x'] } }, tests)).toBe(false);
    expect(passesPeeledTests({ links: {} }, tests)).toBe(false);
    expect(passesPeeledTests({}, [])).toBe(true);
  });
});

describe('projectionPaths', () => {
  it('drops duplicates and paths under another path', () => {
    expect(projectionPaths(['fields', 'crmId', 'fields.AccountId', 'crmId', 'fieldsX'])).toEqual(['fields', 'crmId', 'fieldsX']);
  });
});
