import { explainSegmentMembership } from '../../../domain/segments/explain';
import type { SegmentQuery } from '../../../domain/segments/query';
import fc from 'fast-check';
import { evaluateSegmentReference } from '../../../domain/segments/reference/evaluate';
import { segmentQueryArb } from './query-arbitraries';
import { generateOrg } from './random-org';
import { CATALOG, NOW } from './segment-catalog';
import { member, record, role, smallOrg } from './small-org';

describe('explainSegmentMembership', () => {
  const org = smallOrg({
    members: [member('C1', 'Contact', { accountId: 'A1', behaviorScore: 40 }), member('L1', 'Lead', { behaviorScore: 80 })],
    contacts: [record('C1', { Email: 'ann@acme.com' })],
    leads: [record('L1', { Email: 'bob@globex.com' })],
    accounts: [record('A1', { Industry: 'Retail' })],
    opportunities: [record('O1', { StageName: 'Closed Won', Amount: 5000 }), record('O2', { StageName: 'Closed Lost', Amount: 20000 })],
    contactRoles: [role('C1', 'O1'), role('C1', 'O2')],
  });
  const query = {
    all: [
      { object: 'Marketing', field: 'engagementScore', op: 'gte', value: 50 },
      { object: 'Account', field: 'Industry', op: 'equals', value: 'Retail' },
      { related: 'Opportunity', match: 'any', where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] } },
    ],
  } as SegmentQuery;

  it('says which conditions held and which failed for a contact, with the values seen and each related record', () => {
    const explanation = explainSegmentMembership(query, CATALOG, org.reference, 'C1', { now: NOW });
    expect(explanation).toMatchObject({
      crmId: 'C1',
      type: 'Contact',
      passed: false,
      tree: {
        kind: 'all',
        path: '$',
        passed: false,
        children: [
          { kind: 'condition', path: '$.all[0]', passed: false, object: 'Marketing', field: 'engagementScore', op: 'gte', value: 50, seen: 40 },
          { kind: 'condition', path: '$.all[1]', passed: true, object: 'Account', seen: 'Retail' },
          {
            kind: 'related',
            path: '$.all[2]',
            passed: false,
            relatedRecords: 2,
            passingRecords: 0,
            records: [
              { crmId: 'O1', passed: false, where: { kind: 'all', children: [{ passed: true, seen: 'Closed Won' }, { passed: false, seen: 5000 }] } },
              { crmId: 'O2', passed: false, where: { kind: 'all', children: [{ passed: false, seen: 'Closed Lost' }, { passed: true, seen: 20000 }] } },
            ],
          },
        ],
      },
    });
  });

  it('says why a value is empty: a Lead has no account', () => {
    const explanation = explainSegmentMembership(query, CATALOG, org.reference, 'L1', { now: NOW });
    expect(explanation?.tree).toMatchObject({ children: [{ passed: true, seen: 80 }, { passed: false, seen: null, note: 'a Lead has no account' }, { passed: false, relatedRecords: 0 }] });
  });

  it('names choice codes by the labels the catalog carries, while the condition and the value seen stay codes', () => {
    const tiers = { '100000000': 'Bronze', '100000002': 'Gold' };
    const catalog = {
      ...CATALOG,
      Contact: [...CATALOG.Contact, { name: 'new_tier', type: 'picklist', label: 'Tier', picklistValues: Object.keys(tiers), picklistLabels: tiers }],
      Opportunity: CATALOG.Opportunity.map((f) => (f.name === 'StageName' ? { ...f, picklistLabels: { 'Closed Won': 'Won' } } : f)),
    };
    const labelled = smallOrg({
      members: [member('C1', 'Contact')],
      contacts: [record('C1', { new_tier: '100000002' })],
      opportunities: [record('O1', { StageName: 'Closed Won' })],
      contactRoles: [role('C1', 'O1')],
    });
    const labelledQuery = {
      all: [
        { object: 'Member', field: 'new_tier', op: 'in', value: ['100000000', '100000002'] },
        { related: 'Opportunity', match: 'any', where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }] } },
        { object: 'Account', field: 'Industry', op: 'equals', value: 'Retail' },
      ],
    } as SegmentQuery;
    const tree = explainSegmentMembership(labelledQuery, catalog, labelled.reference, 'C1', { now: NOW })?.tree;
    expect(tree).toMatchObject({
      children: [
        { passed: true, value: ['100000000', '100000002'], valueLabel: 'Bronze, Gold', seen: '100000002', seenLabel: 'Gold' },
        { passed: true, records: [{ where: { children: [{ passed: true, value: 'Closed Won', valueLabel: 'Won', seen: 'Closed Won', seenLabel: 'Won' }] } }] },
        { passed: false, value: 'Retail', seen: null },
      ],
    });
    // A field whose values are their own labels gets no words added.
    const account = (tree as { children: object[] }).children[2];
    expect(account).not.toHaveProperty('valueLabel');
    expect(account).not.toHaveProperty('seenLabel');
  });

  it('is undefined for someone who is not a member of the list', () => {
    expect(explainSegmentMembership(query, CATALOG, org.reference, 'nobody', { now: NOW })).toBeUndefined();
  });

  it('agrees with the reference evaluator on every member of random orgs', () => {
    const random = generateOrg(99);
    fc.assert(
      fc.property(segmentQueryArb, (q) => {
        const members = evaluateSegmentReference(q, CATALOG, random.reference, { now: NOW });
        for (const m of random.reference.members) expect(explainSegmentMembership(q, CATALOG, random.reference, m.crmId, { now: NOW })?.passed).toBe(members.has(m.crmId));
      }),
      { numRuns: 200 },
    );
  });
});
