import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/** `filter`: people of one kind matching a saved clause in the CRM's filter language (domain/crm/list-filter.ts). */
export const LIST_SOURCE_KINDS = ['campaign', 'all_leads', 'all_contacts', 'filter'] as const;
export type ListSourceKind = (typeof LIST_SOURCE_KINDS)[number];

/**
 * A marketing list: a copy of CRM people (a campaign's or marketing list's members, all leads, all
 * contacts or a saved filter) with a chosen set of mapped fields, kept current by list syncs. Members live in
 * `list_members`; this document holds what the list is and how it syncs.
 */
const listSchema = new Schema(
  {
    connectionId: { type: Schema.Types.ObjectId, ref: 'Connection', required: true },
    name: { type: String, required: true, trim: true },
    source: {
      kind: { type: String, enum: LIST_SOURCE_KINDS, required: true },
      campaignId: { type: String, default: null },
      /** For display: the campaign's name when the list was created. */
      campaignName: { type: String, default: null },
      /** The saved filter clause in the CRM's filter language (validated by parsing when saved). */
      where: { type: String, default: null },
      /** Lead or Contact (the person kind), for a 'filter' source. */
      object: { type: String, default: null },
      /** The CRM's describe of the fields the clause uses, so list syncs evaluate it without calling the CRM. */
      whereFields: { type: Schema.Types.Mixed, default: null },
    },
    /** Marketing field names (mapping targets) the list copies for each member. */
    fields: { type: [String], required: true },
    /** How list syncs pull and push (domain/lists/list-sync-settings.ts). */
    syncSettings: { type: Schema.Types.Mixed, required: true },
    /** The list's schedule (domain/schedules/schedule-settings.ts); 'off' when absent. */
    schedule: { type: Schema.Types.Mixed, default: null },
    memberCount: { type: Number, default: 0 },
    importedAt: { type: Date, default: null },
    lastSyncAt: { type: Date, default: null },
    lastRunId: { type: String, default: null },
    /** The time of the CRM data the last sync pulled from (the admin sync it followed). */
    dataAsOf: { type: Date, default: null },
    createdBy: { type: String },
  },
  { timestamps: true, collection: 'lists', minimize: false },
);
listSchema.index({ connectionId: 1 });

export type MarketingListDoc = InferSchemaType<typeof listSchema>;
export type MarketingListModel = Model<MarketingListDoc>;

export function defineMarketingListModel(db: MongooseConnection): MarketingListModel {
  return db.model<MarketingListDoc>('MarketingList', listSchema);
}
