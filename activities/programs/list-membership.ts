import { ApplicationFailure } from '@temporalio/activity';
import { readStoredMapping } from '../../domain/connections/mapping-service';
import { emailKeyOf, listMemberKey, type ListMemberDoc } from '../../domain/models/list-member';
import { mappedMarketingFields, sameMemberValue, toMemberValue } from '../../domain/lists/member-values';
import type { Models } from '../../domain/models';
import { PROGRAM_NOT_FOUND_FAILURE } from '../../contract/programs';
import type { PageMember } from './run-step';

type MembershipModels = Pick<Models, 'MarketingList' | 'ListMember' | 'ContactView' | 'Connection'>;

async function openTarget(models: MembershipModels, targetId: string) {
  const target = await models.MarketingList.findById(targetId, { connectionId: 1, fields: 1, name: 1 }).lean();
  if (!target) throw ApplicationFailure.create({ type: PROGRAM_NOT_FOUND_FAILURE, message: `the step's list ${targetId} no longer exists`, nonRetryable: true });
  return target;
}

/**
 * Adds the members the target list does not have yet, under the natural id `<listId>:<crmId>`, so
 * adding twice is one member. Values of fields both lists copy come from the source member (its
 * local changes travel with it); other fields, and `syncedValues` (what the CRM holds, which the
 * target's next sync compares against to push), come from the contact view.
 */
export async function addMembersToList(models: MembershipModels, targetId: string, sourceFields: string[], members: PageMember[]): Promise<number> {
  const target = await openTarget(models, targetId);
  const existing = new Set((await models.ListMember.find({ _id: { $in: members.map((m) => listMemberKey(targetId, m.crmId)) } }, { _id: 1 }).lean()).map((m) => m._id));
  const joining = members.filter((m) => !existing.has(listMemberKey(targetId, m.crmId)));
  if (joining.length === 0) return 0;
  const connectionId = String(target.connectionId);
  const connection = await models.Connection.findById(connectionId, { mapping: 1 }).lean();
  const mapping = readStoredMapping(connection?.mapping);
  const types = mapping ? mappedMarketingFields(mapping) : new Map();
  const views = new Map((await models.ContactView.find({ _id: { $in: joining.map((m) => `${connectionId}:${m.crmId}`) } }, { crmId: 1, values: 1 }).lean()).map((v) => [v.crmId, v]));
  const now = new Date();
  const docs: ListMemberDoc[] = joining.map((m) => {
    const crmValues = Object.fromEntries(target.fields.map((f) => [f, toMemberValue(types.get(f), views.get(m.crmId)?.values?.[f])]));
    const values = Object.fromEntries(target.fields.map((f) => [f, sourceFields.includes(f) ? (m.values?.[f] ?? null) : crmValues[f]]));
    return {
      _id: listMemberKey(targetId, m.crmId),
      listId: targetId,
      connectionId,
      crmId: m.crmId,
      type: m.type,
      values,
      syncedValues: crmValues,
      // Values carried from the source list that differ from the CRM are marketing's changes, to be pushed.
      localChanges: Object.fromEntries(target.fields.filter((f) => sourceFields.includes(f) && !sameMemberValue(values[f], crmValues[f])).map((f) => [f, { at: now }])),
      emailKey: emailKeyOf(values.email) ?? m.emailKey,
      accountId: m.accountId,
      ownerId: m.ownerId,
      behaviorScore: m.behaviorScore,
      joinedAt: now,
      updatedAt: now,
    };
  });
  let added = 0;
  for (let i = 0; i < docs.length; i += 50) {
    // Upserts by natural id: a member added by a concurrent attempt is left as it is and not counted.
    const result = await models.ListMember.bulkWrite(
      docs.slice(i, i + 50).map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $setOnInsert: doc }, upsert: true } })),
      { ordered: false },
    );
    added += result.upsertedCount;
  }
  if (added) await models.MarketingList.updateOne({ _id: targetId }, { $inc: { memberCount: added } });
  return added;
}

/** Removes these people from the target list; people it does not hold are not counted. */
export async function removeMembersFromList(models: MembershipModels, targetId: string, crmIds: string[]): Promise<number> {
  await openTarget(models, targetId);
  const result = await models.ListMember.deleteMany({ _id: { $in: crmIds.map((id) => listMemberKey(targetId, id)) } });
  const removed = result.deletedCount ?? 0;
  if (removed) await models.MarketingList.updateOne({ _id: targetId }, { $inc: { memberCount: -removed } });
  return removed;
}
