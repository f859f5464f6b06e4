/**
 * Hand-written orgs for the explicit segment tests: a few records built with helpers, run through
 * BOTH the compiled plan (in memory, MongoDB semantics) and the reference evaluator, which must agree.
 */
import type { CrmRecordData, SegmentMemberData, SegmentReferenceData } from '../../../domain/segments/reference/org-data';
import type { SegmentQuery } from '../../../domain/segments/query';
import { compareWithReference, memorySource } from './agreement';
import type { Doc, GeneratedOrg } from './random-org';

export const record = (crmId: string, fields: Record<string, unknown> = {}): CrmRecordData => ({ crmId, fields: { Id: crmId, ...fields } });

export function member(crmId: string, type: 'Lead' | 'Contact', extra: Partial<SegmentMemberData> = {}): SegmentMemberData {
  return { crmId, type, values: {}, behaviorScore: null, accountId: null, ownerId: null, ...extra };
}

export const role = (contactId: string, opportunityId: string): CrmRecordData => record(`00K-${contactId}-${opportunityId}-${Math.random().toString(36).slice(2, 8)}`, { ContactId: contactId, OpportunityId: opportunityId });

export function smallOrg(data: Partial<SegmentReferenceData>): GeneratedOrg {
  const reference: SegmentReferenceData = {
    members: [],
    leads: [],
    contacts: [],
    accounts: [],
    users: [],
    opportunities: [],
    contactRoles: [],
    campaignMembers: [],
    campaigns: [],
    ...data,
  };
  const connectionId = 'conn';
  const listId = 'list';
  const crm = (records: CrmRecordData[]): Doc[] => records.map((r) => ({ _id: `${connectionId}:${r.crmId}`, connectionId, crmId: r.crmId, fields: r.fields }));
  return {
    connectionId,
    listId,
    seed: 0,
    reference,
    collections: {
      list_members: reference.members.map((m) => ({ _id: `${listId}:${m.crmId}`, listId, connectionId, ...m })),
      crm_lead: crm(reference.leads),
      crm_contact: crm(reference.contacts),
      crm_account: crm(reference.accounts),
      crm_user: crm(reference.users),
      crm_opportunity: crm(reference.opportunities),
      crm_opportunitycontactrole: crm(reference.contactRoles),
      crm_campaignmember: crm(reference.campaignMembers),
      crm_campaign: crm(reference.campaigns),
    },
  };
}

/** The members the query finds, sorted; fails if the compiled plan and the reference disagree. */
export async function membersFound(query: SegmentQuery, org: GeneratedOrg): Promise<string[]> {
  const result = await compareWithReference(query, org, memorySource(org.collections));
  if (!result.agree) throw new Error(`compiled and reference disagree:\n${result.report()}`);
  return [...result.reference].sort();
}
