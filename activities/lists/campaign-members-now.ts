import type { SourceView } from '../../domain/lists/source-members';
import type { Models } from '../../domain/models';
import type { ListContext, ListDeps } from './list-context';

/** A campaign's members as the CRM lists them at the pull, and what reading them cost. */
export interface CampaignMembersNow {
  ids: Set<string>;
  /** API calls the listing took (at most one per 2,000 members). */
  calls: number;
}

/** Contact views are read by id in chunks of this many: one indexed query per chunk. */
const VIEW_CHUNK = 2_000;
const VIEW_FIELDS = { crmId: 1, type: 1, values: 1, accountId: 1, ownerId: 1 } as const;

/**
 * Who is in the list's campaign now, read from the CRM, or null when the list has no campaign source
 * or its connector cannot list members (the pull then reads the local copy's campaignIds). Salesforce
 * removes campaign members without a recycle-bin entry, so only this listing shows a removal before
 * the daily drift check; the CRM's answer wins over the local copy.
 */
export async function readCampaignMembersNow(deps: ListDeps, ctx: Pick<ListContext, 'connectionId' | 'source'>): Promise<CampaignMembersNow | null> {
  if (ctx.source.kind !== 'campaign' || !ctx.source.campaignId) return null;
  const connector = await deps.connectors.forConnection(ctx.connectionId);
  if (!connector.fetchListMembers) return null;
  const before = connector.apiCallsUsed;
  const members = await connector.fetchListMembers({ listId: ctx.source.campaignId });
  return { ids: new Set(members.map((m) => m.id)), calls: connector.apiCallsUsed - before };
}

/** The contact views of the campaign's current members; a member the local copy does not hold yet joins at a later sync. */
export async function* campaignMemberViews(models: Pick<Models, 'ContactView'>, connectionId: string, ids: Set<string>): AsyncGenerator<SourceView> {
  const all = [...ids];
  for (let i = 0; i < all.length; i += VIEW_CHUNK) {
    const chunk = all.slice(i, i + VIEW_CHUNK);
    for await (const view of models.ContactView.find({ connectionId, crmId: { $in: chunk } }, VIEW_FIELDS).lean().cursor({ batchSize: VIEW_CHUNK })) {
      yield view as SourceView;
    }
  }
}
