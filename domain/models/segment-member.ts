import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * One list member in one segment as of the segment's last refresh. Only the identity is kept: the
 * member's values are read from `list_members`, so an export shows the list's current values.
 */
export interface SegmentMemberDoc {
  /** "<segmentId>:<crmId>": a retried refresh writes each member once. */
  _id: string;
  segmentId: string;
  listId: string;
  crmId: string;
  type: 'Lead' | 'Contact';
  joinedAt: Date;
}

const segmentMemberSchema = new Schema<SegmentMemberDoc>(
  {
    _id: { type: String, required: true },
    segmentId: { type: String, required: true },
    listId: { type: String, required: true },
    crmId: { type: String, required: true },
    type: { type: String, enum: ['Lead', 'Contact'], required: true },
    joinedAt: { type: Date, required: true },
  },
  { collection: 'segment_members', versionKey: false },
);
segmentMemberSchema.index({ segmentId: 1, crmId: 1 });
// A segment's members pages read one segment in _id order (and, with keyset pages, after the last _id shown).
segmentMemberSchema.index({ segmentId: 1, _id: 1 });

export function segmentMemberKey(segmentId: string, crmId: string): string {
  return `${segmentId}:${crmId}`;
}

export type SegmentMemberModel = Model<SegmentMemberDoc>;

export function defineSegmentMemberModel(db: MongooseConnection): SegmentMemberModel {
  return db.model<SegmentMemberDoc>('SegmentMember', segmentMemberSchema);
}
