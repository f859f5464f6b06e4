import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

export const MEMBERSHIP_CHANGES = ['joined', 'left', 'updated'] as const;
export type MembershipChangeKind = (typeof MEMBERSHIP_CHANGES)[number];

/** Who joined, left or was updated by one list run: the answer to "why did this person (dis)appear?". */
export interface MembershipChangeDoc {
  /** "<runId>:<crmId>": a retried pull records each change once. */
  _id: string;
  runId: string;
  listId: string;
  crmId: string;
  change: MembershipChangeKind;
  email: string | null;
  /** For 'updated': the fields whose value changed, with before and after. */
  fields?: { field: string; before: unknown; after: unknown }[];
  at: Date;
}

const membershipChangeSchema = new Schema<MembershipChangeDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    listId: { type: String, required: true },
    crmId: { type: String, required: true },
    change: { type: String, enum: MEMBERSHIP_CHANGES, required: true },
    email: { type: String, default: null },
    fields: { type: [{ field: String, before: Schema.Types.Mixed, after: Schema.Types.Mixed, _id: false }], default: undefined },
    at: { type: Date, required: true },
  },
  { collection: 'list_membership_changes', versionKey: false },
);
membershipChangeSchema.index({ runId: 1, change: 1 });
membershipChangeSchema.index({ listId: 1, crmId: 1 });

export type MembershipChangeModel = Model<MembershipChangeDoc>;

export function defineMembershipChangeModel(db: MongooseConnection): MembershipChangeModel {
  return db.model<MembershipChangeDoc>('MembershipChange', membershipChangeSchema);
}
