import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * One marketing contact as segments see it: a Lead or a Contact with its mapped, coerced values
 * and links to its account, owner, opportunities (through the CRM model's deal links) and campaign
 * memberships. Rebuilt by the CRM Administration sync from the stored CRM records.
 */
export interface ContactViewDoc {
  _id: string;
  connectionId: string;
  crmId: string;
  type: 'Lead' | 'Contact';
  /** Mapped marketing fields, keyed by target name (email, firstName, … and custom names). */
  values: Record<string, unknown>;
  accountId: string | null;
  ownerId: string | null;
  opportunityIds: string[];
  campaignIds: string[];
  campaignMemberships: { campaignId: string; status: string | null; hasResponded: boolean | null }[];
  /** Values the mapping could not coerce, kept visible instead of blanked. */
  valueErrors: { field: string; crmField: string; rawValue: string; reason: string }[];
  /** Hash of everything above: a rebuild that changes nothing writes nothing. */
  contentHash: string;
  updatedAt: Date;
}

const contactViewSchema = new Schema<ContactViewDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    type: { type: String, enum: ['Lead', 'Contact'], required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    accountId: { type: String, default: null },
    ownerId: { type: String, default: null },
    opportunityIds: { type: [String], default: [] },
    campaignIds: { type: [String], default: [] },
    campaignMemberships: { type: [{ campaignId: String, status: String, hasResponded: Boolean, _id: false }], default: [] },
    valueErrors: { type: [{ field: String, crmField: String, rawValue: String, reason: String, _id: false }], default: [] },
    contentHash: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'contacts', versionKey: false, minimize: false },
);
contactViewSchema.index({ connectionId: 1, type: 1 });
contactViewSchema.index({ connectionId: 1, 'values.email': 1 });
contactViewSchema.index({ connectionId: 1, accountId: 1 });
contactViewSchema.index({ connectionId: 1, ownerId: 1 });
contactViewSchema.index({ opportunityIds: 1 });
contactViewSchema.index({ campaignIds: 1 });
// Look-ups of one person by CRM id (explain, the contact page) without rebuilding the `_id` key.
contactViewSchema.index({ connectionId: 1, crmId: 1 });

export type ContactViewModel = Model<ContactViewDoc>;

export function defineContactViewModel(db: MongooseConnection): ContactViewModel {
  return db.model<ContactViewDoc>('ContactView', contactViewSchema);
}
