import type { SegmentQuery } from '../../../domain/segments/query';
import { member, membersFound, record, role, smallOrg } from './small-org';

const closedWonOver10k = { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] };
const opportunities = (match: string, extra: Record<string, unknown> = {}, where: object = closedWonOver10k) => ({ all: [{ related: 'Opportunity', match, where, ...extra }] }) as SegmentQuery;

/**
 * C-one: three opportunities, only O-big-won is both Closed Won and over 10,000.
 * C-split: Closed Won (small) and over 10,000 (lost) on DIFFERENT opportunities — the case other products get wrong.
 * C-all-won: every opportunity qualifies. C-none: no opportunities. L-lead: a Lead (no opportunities).
 */
function opportunityOrg() {
  return smallOrg({
    members: [member('C-one', 'Contact'), member('C-split', 'Contact'), member('C-all-won', 'Contact'), member('C-none', 'Contact'), member('L-lead', 'Lead')],
    contacts: ['C-one', 'C-split', 'C-all-won', 'C-none'].map((id) => record(id)),
    leads: [record('L-lead')],
    opportunities: [
      record('O-small-won', { StageName: 'Closed Won', Amount: 5000 }),
      record('O-big-lost', { StageName: 'Closed Lost', Amount: 20000 }),
      record('O-big-won', { StageName: 'Closed Won', Amount: 15000 }),
      record('O-huge-won', { StageName: 'Closed Won', Amount: 50000 }),
    ],
    contactRoles: [
      role('C-one', 'O-small-won'),
      role('C-one', 'O-big-lost'),
      role('C-one', 'O-big-won'),
      role('C-split', 'O-small-won'),
      role('C-split', 'O-big-lost'),
      role('C-all-won', 'O-big-won'),
      role('C-all-won', 'O-huge-won'),
    ],
  });
}

describe('segments: conditions on 1:many objects are tested on the same related record', () => {
  it('a contact with several opportunities, only one of which satisfies both conditions, is found by any and excluded by none', async () => {
    const org = opportunityOrg();
    expect(await membersFound(opportunities('any'), org)).toEqual(['C-all-won', 'C-one']);
    expect(await membersFound(opportunities('none'), org)).toEqual(['C-none', 'C-split', 'L-lead']);
  });

  it('conditions met by different opportunities do not make a match', async () => {
    expect(await membersFound(opportunities('any'), opportunityOrg())).not.toContain('C-split');
  });

  it('all needs at least one related record unless orNone says otherwise', async () => {
    const org = opportunityOrg();
    expect(await membersFound(opportunities('all'), org)).toEqual(['C-all-won']);
    expect(await membersFound(opportunities('all', { orNone: false }), org)).toEqual(['C-all-won']);
    expect(await membersFound(opportunities('all', { orNone: true }), org)).toEqual(['C-all-won', 'C-none', 'L-lead']);
  });

  describe('count at its boundaries (C-all-won has 2 matching opportunities, C-one 1, the others 0)', () => {
    const cases: [string, number, string[]][] = [
      ['gte', 1, ['C-all-won', 'C-one']],
      ['gte', 2, ['C-all-won']],
      ['gte', 3, []],
      ['eq', 1, ['C-one']],
      ['eq', 2, ['C-all-won']],
      ['eq', 3, []],
      ['lte', 1, ['C-none', 'C-one', 'C-split', 'L-lead']],
      ['lte', 2, ['C-all-won', 'C-none', 'C-one', 'C-split', 'L-lead']],
      ['lte', 0, ['C-none', 'C-split', 'L-lead']],
      ['eq', 0, ['C-none', 'C-split', 'L-lead']],
      ['gte', 0, ['C-all-won', 'C-none', 'C-one', 'C-split', 'L-lead']],
    ];
    it.each(cases)('count %s %i', async (op, value, expected) => {
      expect(await membersFound(opportunities('any', { count: { op, value } }), opportunityOrg())).toEqual(expected);
    });
  });

  it('count with an empty where counts every related record; several roles on one opportunity count it once', async () => {
    const org = smallOrg({
      members: [member('C1', 'Contact'), member('C2', 'Contact')],
      contacts: [record('C1'), record('C2')],
      opportunities: [record('O1'), record('O2')],
      contactRoles: [role('C1', 'O1'), role('C1', 'O1'), role('C1', 'O2'), role('C2', 'O1'), role('C2', 'O1')],
    });
    const count = (op: string, value: number) => ({ all: [{ related: 'Opportunity', match: 'any', count: { op, value }, where: { all: [] } }] }) as SegmentQuery;
    expect(await membersFound(count('eq', 2), org)).toEqual(['C1']);
    expect(await membersFound(count('eq', 1), org)).toEqual(['C2']);
  });

  it('a role naming an opportunity that was never synced is ignored', async () => {
    const org = smallOrg({
      members: [member('C1', 'Contact')],
      contacts: [record('C1')],
      contactRoles: [role('C1', 'O-gone')],
    });
    expect(await membersFound({ all: [{ related: 'Opportunity', match: 'any', where: { all: [] } }] } as SegmentQuery, org)).toEqual([]);
    expect(await membersFound({ all: [{ related: 'Opportunity', match: 'none', where: { all: [] } }] } as SegmentQuery, org)).toEqual(['C1']);
  });

  describe('campaign memberships and their campaigns', () => {
    const org = () =>
      smallOrg({
        members: [member('L1', 'Lead'), member('C1', 'Contact'), member('C2', 'Contact'), member('C3', 'Contact')],
        leads: [record('L1')],
        contacts: [record('C1'), record('C2'), record('C3')],
        campaigns: [record('CMP-web', { Type: 'Webinar', Name: 'Spring webinar' }), record('CMP-mail', { Type: 'Email', Name: 'Newsletter' })],
        campaignMembers: [
          // C1 responded to an email and was only sent a webinar: no single membership is a responded webinar.
          record('CM1', { ContactId: 'C1', CampaignId: 'CMP-mail', Status: 'Responded', HasResponded: true }),
          record('CM2', { ContactId: 'C1', CampaignId: 'CMP-web', Status: 'Sent', HasResponded: false }),
          record('CM3', { ContactId: 'C2', CampaignId: 'CMP-web', Status: 'Responded', HasResponded: true }),
          // A converted lead's membership names both the lead and the contact.
          record('CM4', { LeadId: 'L1', ContactId: 'C3', CampaignId: 'CMP-web', Status: 'Responded', HasResponded: true }),
          record('CM5', { ContactId: 'C3', CampaignId: 'CMP-gone', Status: 'Sent', HasResponded: false }),
        ],
      });
    const respondedWebinar = { all: [{ field: 'HasResponded', op: 'equals', value: true }, { object: 'Campaign', field: 'Type', op: 'equals', value: 'Webinar' }] };

    it('a response and a campaign type are tested on the same membership', async () => {
      expect(await membersFound({ all: [{ related: 'CampaignMember', match: 'any', where: respondedWebinar }] } as SegmentQuery, org())).toEqual(['C2', 'C3', 'L1']);
    });

    it('a membership of a campaign that was never synced sees an empty campaign', async () => {
      const query = { all: [{ related: 'CampaignMember', match: 'any', where: { all: [{ object: 'Campaign', field: 'Name', op: 'is_empty' }] } }] } as SegmentQuery;
      expect(await membersFound(query, org())).toEqual(['C3']);
    });

    it('all over memberships: every membership must be of a webinar', async () => {
      const query = { all: [{ related: 'CampaignMember', match: 'all', where: { all: [{ object: 'Campaign', field: 'Type', op: 'equals', value: 'Webinar' }] } }] } as SegmentQuery;
      expect(await membersFound(query, org())).toEqual(['C2', 'L1']);
    });
  });
});
