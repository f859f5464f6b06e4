/**
 * "Why is this contact (not) in my segment?" for a stored segment: the query evaluated now on the
 * member's stored records, each condition with the values seen, and how fresh those records are.
 */
import type { Models } from '../../models';
import { syncStateKey } from '../../models/sync-state';
import type { SegmentFieldCatalog } from '../catalog';
import { explainSegmentMembership, type SegmentExplanation } from '../explain';
import type { SegmentQuery } from '../query';
import type { SegmentSchema } from '../segment-schema';
import { loadSegmentReferenceData } from './reference-data';

/** The objects whose copy a segment reads; their last sync times are the data's freshness. */
function readObjects(schema: SegmentSchema): string[] {
  const { objects } = schema;
  return [...new Set([objects.Lead, objects.Contact, objects.Account, objects.User, objects.Opportunity, schema.dealLink.object, objects.CampaignMember, objects.Campaign])];
}

export interface StoredMemberExplanation {
  crmId: string;
  /** In the segment as of its last refresh (the stored members). */
  inSegment: boolean;
  /** Whether the query holds now, on the data stored now. */
  passesNow: boolean;
  explanation: SegmentExplanation;
  freshness: {
    /** The CRM data time the last refresh read. */
    segmentDataAsOf: Date | null;
    refreshedAt: Date | null;
    /** The CRM data time of the list's last sync. */
    listDataAsOf: Date | null;
    /** When each CRM object was last synced into the copy this explanation read. */
    objectsSyncedAt: Record<string, Date | null>;
  };
}

export async function explainStoredMember(
  models: Pick<Models, 'ListMember' | 'crmRecords' | 'SegmentMember' | 'SyncState'>,
  target: { segment: { _id: unknown; refreshedAt?: Date | null; dataAsOf?: Date | null }; list: { _id: unknown; connectionId: unknown; dataAsOf?: Date | null }; catalog: SegmentFieldCatalog; query: SegmentQuery },
  crmId: string,
  now = new Date(),
): Promise<StoredMemberExplanation | undefined> {
  const connectionId = String(target.list.connectionId);
  const readObjectNames = readObjects(target.catalog.schema);
  const data = await loadSegmentReferenceData(models, target.catalog.schema, { connectionId, listId: String(target.list._id), crmIds: [crmId] });
  const explanation = explainSegmentMembership(target.query, target.catalog, data, crmId, { now });
  if (!explanation) return undefined;
  const [stored, states] = await Promise.all([
    models.SegmentMember.exists({ segmentId: String(target.segment._id), crmId }),
    models.SyncState.find({ _id: { $in: readObjectNames.map((o) => syncStateKey(connectionId, o)) } }, { object: 1, lastSyncAt: 1 }).lean(),
  ]);
  const syncedAt = new Map(states.map((s) => [s.object, s.lastSyncAt ?? null]));
  return {
    crmId,
    inSegment: !!stored,
    passesNow: explanation.passed,
    explanation,
    freshness: {
      segmentDataAsOf: target.segment.dataAsOf ?? null,
      refreshedAt: target.segment.refreshedAt ?? null,
      listDataAsOf: target.list.dataAsOf ?? null,
      objectsSyncedAt: Object.fromEntries(readObjectNames.map((o) => [o, syncedAt.get(o) ?? null])),
    },
  };
}
