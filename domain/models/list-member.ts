import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * One person on one list. `values` is the list's own copy of the chosen marketing fields (programs
 * change it, pushes send it); `syncedValues` is what the CRM held for those fields when the list
 * last pulled or pushed, so a local change is `values[f] !== syncedValues[f]` and a pull never
 * overwrites a change that is still waiting to be pushed.
 */
export interface ListMemberDoc {
  _id: string;
  listId: string;
  connectionId: string;
  crmId: string;
  type: 'Lead' | 'Contact';
  values: Record<string, unknown>;
  syncedValues: Record<string, unknown>;
  /** Trimmed, lower-cased email: the de-duplication key of audiences. */
  emailKey: string | null;
  accountId: string | null;
  ownerId: string | null;
  behaviorScore: number | null;
  joinedAt: Date;
  updatedAt: Date;
}

const listMemberSchema = new Schema<ListMemberDoc>(
  {
    _id: { type: String, required: true },
    listId: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    type: { type: String, enum: ['Lead', 'Contact'], required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    syncedValues: { type: Schema.Types.Mixed, default: {} },
    emailKey: { type: String, default: null },
    accountId: { type: String, default: null },
    ownerId: { type: String, default: null },
    behaviorScore: { type: Number, default: null },
    joinedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'list_members', versionKey: false, minimize: false },
);
listMemberSchema.index({ listId: 1, crmId: 1 });
listMemberSchema.index({ listId: 1, emailKey: 1 });
// A list's members pages read one list in _id order (and, with keyset pages, after the last _id shown).
listMemberSchema.index({ listId: 1, _id: 1 });

export function listMemberKey(listId: string, crmId: string): string {
  return `${listId}:${crmId}`;
}

export function emailKeyOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.trim().toLowerCase();
  return key === '' ? null : key;
}

export type ListMemberModel = Model<ListMemberDoc>;

export function defineListMemberModel(db: MongooseConnection): ListMemberModel {
  return db.model<ListMemberDoc>('ListMember', listMemberSchema);
}
