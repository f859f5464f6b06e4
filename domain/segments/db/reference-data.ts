/**
 * The stored records the reference evaluator and explain read, loaded from the database: one
 * member's records for "why is this contact (not) in the segment?", or a whole list for tests that
 * hold the compiled plan to the reference on real synced data.
 */
import type { Models } from '../../models';
import type { CrmRecordData, SegmentMemberData, SegmentReferenceData } from '../reference/org-data';

type RecordModels = Pick<Models, 'ListMember' | 'crmRecords'>;

/** Records of the list (or of the listed members of it) and every CRM record they reach. */
export async function loadSegmentReferenceData(models: RecordModels, scope: { connectionId: string; listId: string; crmIds?: string[] }): Promise<SegmentReferenceData> {
  const { connectionId } = scope;
  const only = (ids: Iterable<string>) => (scope.crmIds ? { crmId: { $in: [...new Set(ids)] } } : {});
  const members: SegmentMemberData[] = (
    await models.ListMember.find({ listId: scope.listId, ...(scope.crmIds ? { crmId: { $in: scope.crmIds } } : {}) }, { crmId: 1, type: 1, values: 1, behaviorScore: 1, accountId: 1, ownerId: 1 }).lean()
  ).map((m) => ({ crmId: m.crmId, type: m.type, values: m.values ?? {}, behaviorScore: m.behaviorScore ?? null, accountId: m.accountId ?? null, ownerId: m.ownerId ?? null }));
  const read = async (object: keyof Models['crmRecords'], filter: Record<string, unknown>): Promise<CrmRecordData[]> =>
    (await models.crmRecords[object].find({ connectionId, ...filter }, { crmId: 1, fields: 1 }).lean()).map((r) => ({ crmId: r.crmId, fields: r.fields ?? {} }));

  const leadIds = members.filter((m) => m.type === 'Lead').map((m) => m.crmId);
  const contactIds = members.filter((m) => m.type === 'Contact').map((m) => m.crmId);
  const [leads, contacts, accounts, users, contactRoles, campaignMembers] = await Promise.all([
    read('Lead', only(leadIds)),
    read('Contact', only(contactIds)),
    read('Account', only(members.flatMap((m) => (m.accountId ? [m.accountId] : [])))),
    read('User', only(members.flatMap((m) => (m.ownerId ? [m.ownerId] : [])))),
    read('OpportunityContactRole', scope.crmIds ? { 'fields.ContactId': { $in: contactIds } } : {}),
    read('CampaignMember', scope.crmIds ? { $or: [{ 'fields.LeadId': { $in: leadIds } }, { 'fields.ContactId': { $in: contactIds } }] } : {}),
  ]);
  const idsIn = (records: CrmRecordData[], field: string) => records.flatMap((r) => (typeof r.fields[field] === 'string' ? [r.fields[field] as string] : []));
  const [opportunities, campaigns] = await Promise.all([read('Opportunity', only(idsIn(contactRoles, 'OpportunityId'))), read('Campaign', only(idsIn(campaignMembers, 'CampaignId')))]);
  return { members, leads, contacts, accounts, users, opportunities, contactRoles, campaignMembers, campaigns };
}
