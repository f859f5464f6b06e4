import type { ListSyncSettings } from '../../domain/lists/list-sync-settings';
import type { ListMemberDoc } from '../../domain/models/list-member';
import type { MarketingListDoc } from '../../domain/models/marketing-list';
import type { ListJson, ListMemberJson } from './list-json-schema';

type StoredList = MarketingListDoc & { _id: unknown; createdAt?: Date; updatedAt?: Date };

/** The public shape of a list, the same in the JSON API and the pages. */
export function presentList(list: StoredList): ListJson {
  const source = list.source as { kind: string; campaignId?: string | null; campaignName?: string | null; where?: string | null; object?: string | null };
  return {
    id: String(list._id),
    connectionId: String(list.connectionId),
    name: list.name,
    source: {
      kind: source.kind,
      ...(source.kind === 'campaign' ? { campaignId: source.campaignId ?? null, campaignName: source.campaignName ?? null } : {}),
      ...(source.kind === 'filter' ? { object: source.object ?? 'Lead', where: source.where ?? '' } : {}),
    },
    fields: list.fields,
    syncSettings: list.syncSettings as ListSyncSettings,
    schedule: list.schedule ?? null,
    memberCount: list.memberCount ?? 0,
    importedAt: list.importedAt ?? null,
    lastSyncAt: list.lastSyncAt ?? null,
    lastRunId: list.lastRunId ?? null,
    dataAsOf: list.dataAsOf ?? null,
    createdAt: list.createdAt ?? null,
  };
}

export type { ListJson };

/** `campaignLabel`: what the list's CRM calls a campaign (a Target List, a marketing list), when known. */
export function describeSource(list: ListJson, campaignLabel = 'campaign'): string {
  switch (list.source.kind) {
    case 'campaign':
      return `Members of ${campaignLabel.toLowerCase()} ${list.source.campaignName ?? list.source.campaignId}`;
    case 'all_leads':
      return 'All Leads';
    case 'all_contacts':
      return 'All Contacts';
    default:
      return `${list.source.object} where ${list.source.where}`;
  }
}

export function presentMember(member: Pick<ListMemberDoc, 'crmId' | 'type' | 'values' | 'joinedAt' | 'updatedAt' | 'behaviorScore'>): ListMemberJson {
  return { crmId: member.crmId, type: member.type, values: member.values ?? {}, behaviorScore: member.behaviorScore ?? null, joinedAt: member.joinedAt, updatedAt: member.updatedAt };
}
