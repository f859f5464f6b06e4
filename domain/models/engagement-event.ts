import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';
import { ENGAGEMENT_EVENT_TYPES, type EngagementEventType } from '../scoring/event-types';

/**
 * One thing a person did (opened an email, attended a webinar). The identity is an email key or a
 * CRM id, never a member reference: events for people not yet on any list are kept and count as
 * soon as the person appears. `_id` is natural (the sender's idempotency key or a hash of the
 * event), so sending the same event twice stores it once.
 */
export interface EngagementEventDoc {
  _id: string;
  /** Trimmed, lower-cased email, as `ListMemberDoc.emailKey`. */
  emailKey: string | null;
  crmId: string | null;
  type: EngagementEventType;
  occurredAt: Date;
  properties: Record<string, unknown>;
  receivedAt: Date;
}

const engagementEventSchema = new Schema<EngagementEventDoc>(
  {
    _id: { type: String, required: true },
    emailKey: { type: String, default: null },
    crmId: { type: String, default: null },
    type: { type: String, enum: ENGAGEMENT_EVENT_TYPES, required: true },
    occurredAt: { type: Date, required: true },
    properties: { type: Schema.Types.Mixed, default: {} },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'engagement_events', versionKey: false, minimize: false },
);
engagementEventSchema.index({ emailKey: 1 });
engagementEventSchema.index({ crmId: 1 });

export type EngagementEventModel = Model<EngagementEventDoc>;

export function defineEngagementEventModel(db: MongooseConnection): EngagementEventModel {
  return db.model<EngagementEventDoc>('EngagementEvent', engagementEventSchema);
}
