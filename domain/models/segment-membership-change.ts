import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

export const SEGMENT_CHANGES = ['joined', 'left'] as const;
export type SegmentChangeKind = (typeof SEGMENT_CHANGES)[number];

/** Who joined or left a segment in one refresh: the answer to "why did this person (dis)appear?". */
export interface SegmentMembershipChangeDoc {
  /** "<runId>:<crmId>": a retried refresh records each change once, and its counts come from here. */
  _id: string;
  runId: string;
  segmentId: string;
  crmId: string;
  change: SegmentChangeKind;
  at: Date;
}

const changeSchema = new Schema<SegmentMembershipChangeDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    segmentId: { type: String, required: true },
    crmId: { type: String, required: true },
    change: { type: String, enum: SEGMENT_CHANGES, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'segment_membership_changes', versionKey: false },
);
changeSchema.index({ runId: 1, change: 1 });
changeSchema.index({ segmentId: 1, crmId: 1 });

export type SegmentMembershipChangeModel = Model<SegmentMembershipChangeDoc>;

export function defineSegmentMembershipChangeModel(db: MongooseConnection): SegmentMembershipChangeModel {
  return db.model<SegmentMembershipChangeDoc>('SegmentMembershipChange', changeSchema);
}
