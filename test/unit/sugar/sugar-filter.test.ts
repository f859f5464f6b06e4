import { afterIdFilter, idsFilter, keysetFilter, sugarDateTime } from '../../../domain/crm/sugar/sugar-filter';
import { phpQuery } from '../../../domain/crm/sugar/sugar-reader';
import { toCrmRecord, toSugarFields } from '../../../domain/crm/sugar/sugar-records';

describe('Sugar filter expressions for keyset reads', () => {
  it('writes instants as Sugar datetimes, whole seconds in UTC', () => {
    expect(sugarDateTime('2026-12-07T21:16:51.734Z')).toBe('2026-12-07T21:16:51+00:00');
    expect(sugarDateTime('2024-05-01T10:30:00+02:00')).toBe('2024-05-01T08:30:00+00:00');
    expect(() => sugarDateTime('yesterday')).toThrow("'yesterday' is not a date and time");
  });

  it('reads from an instant on, and after a position by the pair, so records sharing the last stamp are taken by id', () => {
    expect(keysetFilter({})).toEqual([]);
    expect(keysetFilter({ since: '2024-05-01T08:30:00Z', after: { stamp: '2024-05-01T09:00:00.000Z', id: 'b' } })).toEqual([
      { date_modified: { $gte: '2024-05-01T08:30:00+00:00' } },
      { $or: [{ date_modified: { $gt: '2024-05-01T09:00:00+00:00' } }, { $and: [{ date_modified: { $equals: '2024-05-01T09:00:00+00:00' } }, { id: { $gt: 'b' } }] }] },
    ]);
  });

  it('lists ids after the last one seen, and fetches by ids', () => {
    expect(afterIdFilter(undefined)).toEqual([]);
    expect(afterIdFilter('a1')).toEqual([{ id: { $gt: 'a1' } }]);
    expect(idsFilter(['x', 'y'])).toEqual([{ id: { $in: ['x', 'y'] } }]);
  });

  it('sends a GET filter as the bracketed arguments PHP reads', () => {
    expect(phpQuery({ filter: [{ id: { $in: ['a', 'b'] } }], max_num: 5 })).toBe(
      `${encodeURIComponent('filter[0][id][$in][0]')}=a&${encodeURIComponent('filter[0][id][$in][1]')}=b&max_num=5`,
    );
    expect(phpQuery({ filter: [], fields: 'id' })).toBe('fields=id');
  });
});

describe('Sugar records in the core’s form', () => {
  it('keeps fields as the API sends them, multienums ;-joined, and drops what is no field', () => {
    const record = toCrmRecord({
      id: 'c1',
      date_modified: '2024-05-01T08:30:00+00:00',
      behavior_score_c: 42,
      newsletter_opt_in_c: true,
      interests_c: ['analytics', 'email'],
      email: [{ email_address: 'a@example.com', primary_address: true }],
      _acl: { fields: {} },
      _module: 'Contacts',
    });
    expect(record).toEqual({
      id: 'c1',
      systemModstamp: '2024-05-01T08:30:00.000Z',
      fields: { id: 'c1', date_modified: '2024-05-01T08:30:00+00:00', behavior_score_c: 42, newsletter_opt_in_c: true, interests_c: 'analytics;email' },
    });
  });

  it('reads decimal and currency text as numbers, and only those fields', () => {
    const record = toCrmRecord({ id: 'o1', amount: '25000.000000', discount: '', name: '12.5', probability: 40 }, new Set(['amount', 'discount']));
    expect(record.fields).toEqual({ id: 'o1', amount: 25000, discount: '', name: '12.5', probability: 40 });
  });

  it('writes multienums back as arrays of keys, an empty one as none, and never the id', () => {
    expect(toSugarFields({ id: 'c1', interests_c: 'analytics; email', behavior_score_c: 7, title: '' }, new Set(['interests_c']))).toEqual({
      interests_c: ['analytics', 'email'],
      behavior_score_c: 7,
      title: '',
    });
    expect(toSugarFields({ interests_c: null }, new Set(['interests_c']))).toEqual({ interests_c: [] });
  });
});
