/**
 * A marketing list over a seeded org, its members written with insertMany in the shape a list
 * import writes them (activities/lists/pull-members.ts): values from the contact views, coerced to
 * member form, syncedValues equal to them.
 */
import { defineList } from '../../domain/lists/list-definition';
import { mappedMarketingFields, toMemberValue } from '../../domain/lists/member-values';
import type { ListSyncSettingsInput } from '../../domain/lists/list-sync-settings';
import type { Models } from '../../domain/models';
import { emailKeyOf, listMemberKey, type ListMemberDoc } from '../../domain/models/list-member';
import { DEMO_MAPPING } from '../../scripts/demo-connection';

const INSERT_CHUNK = 2_000;

export interface SeededList {
  listId: string;
  members: number;
}

/** "All contacts" (or leads) of the connection, with the given fields, members copied from the contact views. */
export async function seedContactList(
  models: Models,
  connectionId: string,
  options: { name: string; type: 'Contact' | 'Lead'; fields: string[]; syncSettings?: ListSyncSettingsInput },
): Promise<SeededList> {
  const list = await defineList(
    models,
    () => Promise.reject(new Error('a contact list needs no describe')),
    { connectionId, name: options.name, source: { kind: options.type === 'Contact' ? 'all_contacts' : 'all_leads' }, fields: options.fields, syncSettings: options.syncSettings },
    'bench',
  );
  const listId = String(list._id);
  const fieldTypes = mappedMarketingFields(DEMO_MAPPING);
  const now = new Date();
  let batch: ListMemberDoc[] = [];
  let members = 0;
  const flush = async () => {
    if (batch.length > 0) await models.ListMember.collection.insertMany(batch as never[], { ordered: false });
    members += batch.length;
    batch = [];
  };
  for await (const view of models.ContactView.find({ connectionId, type: options.type }).lean().cursor({ batchSize: 5000 })) {
    const values = Object.fromEntries(list.fields.map((f) => [f, toMemberValue(fieldTypes.get(f), view.values?.[f])]));
    batch.push({
      _id: listMemberKey(listId, view.crmId),
      listId,
      connectionId,
      crmId: view.crmId,
      type: view.type,
      values,
      syncedValues: values,
      emailKey: emailKeyOf(values.email),
      accountId: view.accountId ?? null,
      ownerId: view.ownerId ?? null,
      behaviorScore: null,
      joinedAt: now,
      updatedAt: now,
    });
    if (batch.length >= INSERT_CHUNK) await flush();
  }
  await flush();
  await models.MarketingList.updateOne({ _id: listId }, { $set: { memberCount: members, importedAt: now, lastSyncAt: now, dataAsOf: now } });
  return { listId, members };
}
