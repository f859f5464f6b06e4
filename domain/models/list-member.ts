import type { LocalChange } from '../lists/field-decision';
import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * One person on one list. `values` is the list's own copy of the chosen marketing fields (programs
 * change it, pushes send it); `syncedValues` is the value last agreed with the CRM for those fields
 * (after the last pull or successful push), so marketing changed a field when `values[f]` differs
 * from `syncedValues[f]`, and the CRM did when its copy differs from it (domain/lists/field-decision.ts).
 * `localChanges` says when marketing last changed a field and whether it cleared it on purpose:
 * the most-recent conflict rule and the "blank never overwrites" rule read it.
 */
export interface ListMemberDoc {
  _id: string;
  listId: string;
  connectionId: string;
  crmId: string;
  type: 'Lead' | 'Contact';
  values: Record<string, unknown>;
  syncedValues: Record<string, unknown>;
  localChanges?: Record<string, LocalChange>;
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
    localChanges: { type: Schema.Types.Mixed, default: {} },
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
