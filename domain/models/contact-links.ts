import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

export interface RoleLink {
  /** CRM id of the deal-link record (the model's dealLink object; the deal itself when it is its own link). */
  id: string;
  opportunityId: string;
}

export interface MembershipLink {
  /** CRM id of the CampaignMember. */
  id: string;
  campaignId: string;
  status: string | null;
  hasResponded: boolean | null;
}

/**
 * The contact roles and campaign memberships that name one person, keyed "<connection>:<person CRM id>".
 * FerretDB v1 scans the whole table for any filter but `_id` equality, so finding a person's roles in
 * crm_opportunitycontactrole would read every role; this index, written by the full contact-view
 * rebuild and kept in step by the incremental one, answers it with one find by `_id`.
 */
export interface ContactLinksDoc {
  _id: string;
  connectionId: string;
  roles: RoleLink[];
  memberships: MembershipLink[];
}

const contactLinksSchema = new Schema<ContactLinksDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    roles: { type: [{ id: String, opportunityId: String, _id: false }], default: [] },
    memberships: { type: [{ id: String, campaignId: String, status: String, hasResponded: Boolean, _id: false }], default: [] },
  },
  { collection: 'contact_links', versionKey: false, minimize: false },
);
contactLinksSchema.index({ connectionId: 1 });

export type ContactLinksModel = Model<ContactLinksDoc>;

export function contactLinksKey(connectionId: string, personId: string): string {
  return `${connectionId}:${personId}`;
}

export function defineContactLinksModel(db: MongooseConnection): ContactLinksModel {
  return db.model<ContactLinksDoc>('ContactLinks', contactLinksSchema);
}
