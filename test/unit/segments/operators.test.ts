import type { SegmentQuery } from '../../../domain/segments/query';
import { member, membersFound, record, smallOrg } from './small-org';

/** One condition alone in an all group. */
const only = (condition: object) => ({ all: [condition] }) as SegmentQuery;

describe('segments: operator semantics (compiled and reference agree on each)', () => {
  describe('text is case-insensitive, picklists compare as stored', () => {
    const org = smallOrg({
      members: ['L1', 'L2', 'L3', 'L4', 'L5'].map((id) => member(id, 'Lead')),
      leads: [
        record('L1', { Company: 'ACME Corp', Rating: 'Hot' }),
        record('L2', { Company: 'acme corp', Rating: 'hot' }),
        record('L3', { Company: 'Acme (Europe) [EU]*', Rating: 'Warm' }),
        record('L4', { Company: '', Rating: null }),
        record('L5', {}),
      ],
    });
    const company = (op: string, value?: unknown) => only({ object: 'Member', field: 'Company', op, ...(value === undefined ? {} : { value }) });
    const rating = (op: string, value?: unknown) => only({ object: 'Member', field: 'Rating', op, value });

    it.each([
      ['equals', 'Acme CORP', ['L1', 'L2']],
      ['contains', 'ACME', ['L1', 'L2', 'L3']],
      ['starts_with', 'acme c', ['L1', 'L2']],
      ['ends_with', 'CORP', ['L1', 'L2']],
      ['contains', '(europe) [eu]*', ['L3']],
      ['in', ['nothing', 'ACME CORP'], ['L1', 'L2']],
    ])('%s %j', async (op, value, expected) => {
      expect(await membersFound(company(op, value), org)).toEqual(expected);
    });

    it('negations include empty values: not_equals, not_contains and not_in are "not" of their operator', async () => {
      expect(await membersFound(company('not_equals', 'acme corp'), org)).toEqual(['L3', 'L4', 'L5']);
      expect(await membersFound(company('not_contains', 'acme'), org)).toEqual(['L4', 'L5']);
      expect(await membersFound(company('not_in', ['acme corp']), org)).toEqual(['L3', 'L4', 'L5']);
    });

    it("is_empty is missing, null or ''", async () => {
      expect(await membersFound(company('is_empty'), org)).toEqual(['L4', 'L5']);
      expect(await membersFound(company('is_not_empty'), org)).toEqual(['L1', 'L2', 'L3']);
    });

    it('picklist equals and in match the stored value exactly; contains is the case-insensitive free-text search', async () => {
      expect(await membersFound(rating('equals', 'Hot'), org)).toEqual(['L1']);
      expect(await membersFound(rating('in', ['hot', 'Warm']), org)).toEqual(['L2', 'L3']);
      expect(await membersFound(rating('contains', 'HOT'), org)).toEqual(['L1', 'L2']);
    });
  });

  describe('multi-select values: one item at a time, as stored', () => {
    const org = smallOrg({
      members: [member('C1', 'Contact', { values: { interests: ['Golf', 'Tennis'] } }), member('C2', 'Contact', { values: { interests: [] } }), member('C3', 'Contact', { values: { interests: ['golf', 'Sailing'] } })],
      contacts: [record('C1', { Interests__c: 'Golf;Tennis' }), record('C2', { Interests__c: '' }), record('C3', { Interests__c: 'golf;Sailing' })],
    });
    const both = async (op: string, value?: unknown) => {
      const crm = await membersFound(only({ object: 'Member', field: 'Interests__c', op, value }), org);
      const marketing = await membersFound(only({ object: 'Marketing', field: 'interests', op, value }), org);
      expect(marketing).toEqual(crm);
      return crm;
    };

    it('equals means one item is exactly the value; in means one item is one of the values', async () => {
      expect(await both('equals', 'Golf')).toEqual(['C1']);
      expect(await both('equals', 'Tennis')).toEqual(['C1']);
      expect(await both('in', ['Sailing', 'Chess'])).toEqual(['C3']);
      expect(await both('not_equals', 'Golf')).toEqual(['C2', 'C3']);
    });

    it('contains, starts_with and ends_with apply to each item, case-insensitively', async () => {
      expect(await both('contains', 'GOL')).toEqual(['C1', 'C3']);
      expect(await both('starts_with', 'ten')).toEqual(['C1']);
      expect(await both('starts_with', 'olf')).toEqual([]);
      expect(await both('ends_with', 'ING')).toEqual(['C3']);
      expect(await both('ends_with', 'Golf')).toEqual(['C1', 'C3']);
    });

    it("an empty list and '' are empty", async () => {
      expect(await both('is_empty')).toEqual(['C2']);
    });
  });

  describe('numbers and booleans compare as their types', () => {
    const org = smallOrg({
      members: [
        member('C1', 'Contact', { behaviorScore: 10, values: { vip: true } }),
        member('C2', 'Contact', { behaviorScore: 20, values: { vip: false } }),
        member('C3', 'Contact', { behaviorScore: null, values: { vip: null } }),
      ],
      contacts: [record('C1', { Score__c: 2.5 }), record('C2', { Score__c: 2 }), record('C3', {})],
    });

    it('between is inclusive at both ends', async () => {
      expect(await membersFound(only({ object: 'Marketing', field: 'engagementScore', op: 'between', value: [10, 20] }), org)).toEqual(['C1', 'C2']);
      expect(await membersFound(only({ object: 'Marketing', field: 'engagementScore', op: 'between', value: [11, 20] }), org)).toEqual(['C2']);
    });

    it('equals, gt and lt on a decimal field', async () => {
      expect(await membersFound(only({ object: 'Member', field: 'Score__c', op: 'equals', value: 2 }), org)).toEqual(['C2']);
      expect(await membersFound(only({ object: 'Member', field: 'Score__c', op: 'gt', value: 2 }), org)).toEqual(['C1']);
      expect(await membersFound(only({ object: 'Member', field: 'Score__c', op: 'lte', value: 2.5 }), org)).toEqual(['C1', 'C2']);
    });

    it('equals false does not match an empty boolean; not_equals true does', async () => {
      expect(await membersFound(only({ object: 'Marketing', field: 'vip', op: 'equals', value: false }), org)).toEqual(['C2']);
      expect(await membersFound(only({ object: 'Marketing', field: 'vip', op: 'not_equals', value: true }), org)).toEqual(['C2', 'C3']);
    });
  });

  describe('dates and datetimes, relative to the now the caller passes (2024-06-15T12:34:56.789Z)', () => {
    const org = smallOrg({
      members: ['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => member(id, 'Contact')),
      contacts: [
        record('C1', { LastActivityDate: '2024-06-15', CreatedDate: '2024-06-15T12:34:56.789+0000' }),
        record('C2', { LastActivityDate: '2024-06-08', CreatedDate: '2024-06-08T12:34:56.789+0000' }),
        record('C3', { LastActivityDate: '2024-06-07', CreatedDate: '2024-06-08T12:34:56.788+0000' }),
        record('C4', { LastActivityDate: '2024-06-16', CreatedDate: '2024-06-15T12:34:56.790+0000' }),
        record('C5', { LastActivityDate: null, CreatedDate: '2024-06-14T23:59:59.999+0000' }),
      ],
    });
    const date = (op: string, value: unknown) => only({ object: 'Member', field: 'LastActivityDate', op, value });
    const datetime = (op: string, value: unknown) => only({ object: 'Member', field: 'CreatedDate', op, value });

    it('within_last_days on a date: from today − N days to today, future days excluded', async () => {
      expect(await membersFound(date('within_last_days', 7), org)).toEqual(['C1', 'C2']);
    });

    it('within_last_days on a datetime: from now − N×24 h to now, to the millisecond', async () => {
      expect(await membersFound(datetime('within_last_days', 7), org)).toEqual(['C1', 'C2', 'C5']);
    });

    it('before, after and between on dates', async () => {
      expect(await membersFound(date('before', '2024-06-08'), org)).toEqual(['C3']);
      expect(await membersFound(date('after', '2024-06-15'), org)).toEqual(['C4']);
      expect(await membersFound(date('between', ['2024-06-08', '2024-06-15']), org)).toEqual(['C1', 'C2']);
    });

    it('a day on a datetime field means the whole UTC day', async () => {
      expect(await membersFound(datetime('equals', '2024-06-08'), org)).toEqual(['C2', 'C3']);
      expect(await membersFound(datetime('after', '2024-06-14'), org)).toEqual(['C1', 'C4']);
      expect(await membersFound(datetime('lte', '2024-06-14'), org)).toEqual(['C2', 'C3', 'C5']);
      expect(await membersFound(datetime('before', '2024-06-15'), org)).toEqual(['C2', 'C3', 'C5']);
    });

    it('an instant in any zone compares to the millisecond', async () => {
      expect(await membersFound(datetime('equals', '2024-06-15T14:34:56.789+02:00'), org)).toEqual(['C1']);
      expect(await membersFound(datetime('gt', '2024-06-15T12:34:56.789Z'), org)).toEqual(['C4']);
    });
  });

  describe('conditions on 1:1 objects behave like extra fields', () => {
    const org = smallOrg({
      members: [member('L1', 'Lead', { ownerId: 'U1' }), member('C1', 'Contact', { accountId: 'A1', ownerId: 'U-queue' }), member('C2', 'Contact', { accountId: 'A-gone' }), member('C3', 'Contact', { accountId: 'A2' })],
      leads: [record('L1', { Rating: 'Hot' })],
      contacts: [record('C1'), record('C2'), record('C3')],
      accounts: [record('A1', { Industry: 'Retail' }), record('A2', { Industry: 'Banking' })],
      users: [record('U1', { Department: 'Sales' })],
    });
    const industry = (op: string, value?: unknown) => only({ object: 'Account', field: 'Industry', op, value });

    it('a Lead has no account: equals is false, is_empty and not_equals are true', async () => {
      expect(await membersFound(industry('equals', 'Retail'), org)).toEqual(['C1']);
      expect(await membersFound(industry('is_empty'), org)).toEqual(['C2', 'L1']);
      expect(await membersFound(industry('not_equals', 'Retail'), org)).toEqual(['C2', 'C3', 'L1']);
    });

    it('an owner that is not a synced User (a queue) is an empty record', async () => {
      expect(await membersFound(only({ object: 'Owner', field: 'Department', op: 'is_not_empty' }), org)).toEqual(['L1']);
      expect(await membersFound(only({ object: 'Owner', field: 'Department', op: 'not_equals', value: 'sales' }), org)).toEqual(['C1', 'C2', 'C3']);
    });

    it('a Member field only Leads have is empty on Contacts', async () => {
      expect(await membersFound(only({ object: 'Member', field: 'Rating', op: 'equals', value: 'Hot' }), org)).toEqual(['L1']);
      expect(await membersFound(only({ object: 'Member', field: 'Rating', op: 'is_empty' }), org)).toEqual(['C1', 'C2', 'C3']);
    });
  });

  it('groups: an empty all is every member, an empty any is none, not negates', async () => {
    const org = smallOrg({ members: [member('C1', 'Contact', { behaviorScore: 1 }), member('C2', 'Contact', { behaviorScore: 5 })], contacts: [record('C1'), record('C2')] });
    expect(await membersFound({ all: [] }, org)).toEqual(['C1', 'C2']);
    expect(await membersFound({ any: [] }, org)).toEqual([]);
    expect(await membersFound({ not: { object: 'Marketing', field: 'engagementScore', op: 'gt', value: 2 } }, org)).toEqual(['C1']);
  });
});
