/**
 * The stored records the reference evaluator and explain read, loaded from the database: one
 * member's records for "why is this contact (not) in the segment?", or a whole list for tests that
 * hold the compiled plan to the reference on real synced data.
 */
import type { Models } from '../../models';
import { crmRecordKey } from '../../models/crm-record';
import { listMemberKey } from '../../models/list-member';
import type { CrmRecordData, SegmentMemberData, SegmentReferenceData } from '../reference/org-data';

type RecordModels = Pick<Models, 'ListMember' | 'crmRecords'>;

/** Up to this many ids are read one find by key each: FerretDB hands `_id` equality to the database's index, but not $in. */
const FEW_IDS = 50;

async function findByIds<T>(find: (filter: Record<string, unknown>) => Promise<T[]>, ids: string[], keyOf: (crmId: string) => string): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (unique.length > FEW_IDS) return find({ crmId: { $in: unique } });
  return (await Promise.all(unique.map((crmId) => find({ _id: keyOf(crmId) })))).flat();
}

/** Records of the list (or of the listed members of it) and every CRM record they reach. */
export async function loadSegmentReferenceData(models: RecordModels, scope: { connectionId: string; listId: string; crmIds?: string[] }): Promise<SegmentReferenceData> {
  const { connectionId } = scope;
  const findMembers = (filter: Record<string, unknown>) =>
    models.ListMember.find({ listId: scope.listId, ...filter }, { crmId: 1, type: 1, values: 1, behaviorScore: 1, accountId: 1, ownerId: 1 }).lean();
  const members: SegmentMemberData[] = (scope.crmIds ? await findByIds(findMembers, scope.crmIds, (crmId) => listMemberKey(scope.listId, crmId)) : await findMembers({})).map((m) => ({ crmId: m.crmId, type: m.type, values: m.values ?? {}, behaviorScore: m.behaviorScore ?? null, accountId: m.accountId ?? null, ownerId: m.ownerId ?? null }));
  const readWhere = async (object: keyof Models['crmRecords'], filter: Record<string, unknown>): Promise<CrmRecordData[]> =>
    (await models.crmRecords[object].find({ connectionId, ...filter }, { crmId: 1, fields: 1 }).lean()).map((r) => ({ crmId: r.crmId, fields: r.fields ?? {} }));
  // With crmIds (explain), each object is read by the ids it needs; without, whole.
  const read = (object: keyof Models['crmRecords'], ids: string[]): Promise<CrmRecordData[]> =>
    scope.crmIds ? findByIds((filter) => readWhere(object, filter), ids, (crmId) => crmRecordKey(connectionId, crmId)) : readWhere(object, {});

  const leadIds = members.filter((m) => m.type === 'Lead').map((m) => m.crmId);
  const contactIds = members.filter((m) => m.type === 'Contact').map((m) => m.crmId);
  const [leads, contacts, accounts, users, contactRoles, campaignMembers] = await Promise.all([
    read('Lead', leadIds),
    read('Contact', contactIds),
    read('Account', members.flatMap((m) => (m.accountId ? [m.accountId] : []))),
    read('User', members.flatMap((m) => (m.ownerId ? [m.ownerId] : []))),
    readWhere('OpportunityContactRole', scope.crmIds ? { 'fields.ContactId': { $in: contactIds } } : {}),
    readWhere('CampaignMember', scope.crmIds ? { $or: [{ 'fields.LeadId': { $in: leadIds } }, { 'fields.ContactId': { $in: contactIds } }] } : {}),
  ]);
  const idsIn = (records: CrmRecordData[], field: string) => records.flatMap((r) => (typeof r.fields[field] === 'string' ? [r.fields[field] as string] : []));
  const [opportunities, campaigns] = await Promise.all([read('Opportunity', idsIn(contactRoles, 'OpportunityId')), read('Campaign', idsIn(campaignMembers, 'CampaignId'))]);
  return { members, leads, contacts, accounts, users, opportunities, contactRoles, campaignMembers, campaigns };
}
