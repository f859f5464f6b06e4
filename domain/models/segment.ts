import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A saved query over one list's members (domain/segments/query.ts). The query is stored exactly as
 * the user sent it; its members live in `segment_members` and change only when the segment is
 * refreshed, so the count and the members always describe the same refresh.
 */
const segmentSchema = new Schema(
  {
    // Strings, like list members' ids: the pipeline and plan filters compare them with string ids.
    listId: { type: String, required: true },
    connectionId: { type: String, required: true },
    name: { type: String, required: true, trim: true },
    query: { type: Schema.Types.Mixed, required: true },
    memberCount: { type: Number, default: 0 },
    refreshedAt: { type: Date, default: null },
    /** The time of the CRM data the last refresh read: the list's dataAsOf then. */
    dataAsOf: { type: Date, default: null },
    lastRunId: { type: String, default: null },
    /** Who joined and left in the last refresh (the changes are in segment_membership_changes). */
    lastAdded: { type: Number, default: 0 },
    lastRemoved: { type: Number, default: 0 },
    createdBy: { type: String },
  },
  { timestamps: true, collection: 'segments', minimize: false },
);
segmentSchema.index({ listId: 1 });

export type SegmentDoc = InferSchemaType<typeof segmentSchema>;
export type SegmentModel = Model<SegmentDoc>;

export function defineSegmentModel(db: MongooseConnection): SegmentModel {
  return db.model<SegmentDoc>('Segment', segmentSchema);
}
