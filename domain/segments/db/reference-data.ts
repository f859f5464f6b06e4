/**
 * The stored records the reference evaluator and explain read, loaded from the database: one
 * member's records for "why is this contact (not) in the segment?", or a whole list for tests that
 * hold the compiled plan to the reference on real synced data. Which objects and link fields those
 * are comes from the connection's segment schema.
 */
import type { Models } from '../../models';
import { crmRecordKey } from '../../models/crm-record';
import { listMemberKey } from '../../models/list-member';
import type { PersonType } from '../plan';
import { valueAtPath, type CrmRecordData, type SegmentMemberData, type SegmentReferenceData } from '../reference/org-data';
import type { SegmentObjectWord, SegmentSchema } from '../segment-schema';

type RecordModels = Pick<Models, 'ListMember' | 'crmRecords'>;

/** Up to this many ids are read one find by key each: FerretDB hands `_id` equality to the database's index, but not $in. */
const FEW_IDS = 50;

async function findByIds<T>(find: (filter: Record<string, unknown>) => Promise<T[]>, ids: string[], keyOf: (crmId: string) => string): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (unique.length > FEW_IDS) return find({ crmId: { $in: unique } });
  return (await Promise.all(unique.map((crmId) => find({ _id: keyOf(crmId) })))).flat();
}

/** Records of the list (or of the listed members of it) and every CRM record they reach. */
export async function loadSegmentReferenceData(
  models: RecordModels,
  schema: SegmentSchema,
  scope: { connectionId: string; listId: string; crmIds?: string[] },
): Promise<SegmentReferenceData> {
  const { connectionId } = scope;
  const findMembers = (filter: Record<string, unknown>) =>
    models.ListMember.find({ listId: scope.listId, ...filter }, { crmId: 1, type: 1, values: 1, behaviorScore: 1, accountId: 1, ownerId: 1 }).lean();
  const members: SegmentMemberData[] = (scope.crmIds ? await findByIds(findMembers, scope.crmIds, (crmId) => listMemberKey(scope.listId, crmId)) : await findMembers({})).map((m) => ({
    crmId: m.crmId,
    type: m.type,
    values: m.values ?? {},
    behaviorScore: m.behaviorScore ?? null,
    accountId: m.accountId ?? null,
    ownerId: m.ownerId ?? null,
  }));
  const readObjectWhere = async (object: string, filter: Record<string, unknown>): Promise<CrmRecordData[]> =>
    (await models.crmRecords[object].find({ connectionId, ...filter }, { crmId: 1, fields: 1 }).lean()).map((r) => ({ crmId: r.crmId, fields: r.fields ?? {} }));
  const readWhere = (word: SegmentObjectWord, filter: Record<string, unknown>) => readObjectWhere(schema.objects[word], filter);
  // With crmIds (explain), each object is read by the ids it needs; without, whole.
  const read = (word: SegmentObjectWord, ids: string[]): Promise<CrmRecordData[]> =>
    scope.crmIds ? findByIds((filter) => readWhere(word, filter), ids, (crmId) => crmRecordKey(connectionId, crmId)) : readWhere(word, {});

  const idsOf = (type: PersonType) => members.filter((m) => m.type === type).map((m) => m.crmId);
  const naming = (people: Partial<Record<PersonType, string>>) => {
    const tests = (Object.entries(people) as [PersonType, string][]).map(([type, path]) => ({ [path]: { $in: idsOf(type) } }));
    return tests.length === 1 ? tests[0] : { $or: tests };
  };
  // A deal that is its own link (a Dataverse opportunity naming its contact) is read once, as the links.
  const dealIsLink = schema.dealLink.collection === schema.collections.Opportunity;
  const linkFilter = scope.crmIds ? naming(schema.dealLink.people) : {};
  const [leads, contacts, accounts, users, contactRoles, campaignMembers] = await Promise.all([
    read('Lead', idsOf('Lead')),
    read('Contact', idsOf('Contact')),
    read('Account', members.flatMap((m) => (m.accountId ? [m.accountId] : []))),
    read('User', members.flatMap((m) => (m.ownerId ? [m.ownerId] : []))),
    dealIsLink ? readWhere('Opportunity', linkFilter) : readObjectWhere(schema.dealLink.object, linkFilter),
    readWhere('CampaignMember', scope.crmIds ? naming(schema.membership.people) : {}),
  ]);
  const idsIn = (records: CrmRecordData[], path: string) =>
    records.flatMap((r) => {
      const id = valueAtPath(r, path);
      return typeof id === 'string' ? [id] : [];
    });
  const [opportunities, campaigns] = await Promise.all([
    dealIsLink ? contactRoles : read('Opportunity', idsIn(contactRoles, schema.dealLink.deal)),
    read('Campaign', idsIn(campaignMembers, schema.membership.campaign)),
  ]);
  return { members, leads, contacts, accounts, users, opportunities, contactRoles, campaignMembers, campaigns };
}
