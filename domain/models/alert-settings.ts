import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/** The one alerts configuration of this installation (document _id 'alerts'). */
export interface AlertSettingsDoc {
  _id: string;
  /** The webhook URL, sealed: such URLs often carry their token. Null when alerts are only shown in pages. */
  sealedWebhookUrl: string | null;
  /** For the settings page: scheme and host only. */
  webhookHost: string | null;
  /** CRM data older than this raises a data-stale alert. */
  staleAfterMinutes: number;
  updatedAt: Date;
}

const alertSettingsSchema = new Schema<AlertSettingsDoc>(
  {
    _id: { type: String, required: true },
    sealedWebhookUrl: { type: String, default: null },
    webhookHost: { type: String, default: null },
    staleAfterMinutes: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'alert_settings', versionKey: false },
);

export type AlertSettingsModel = Model<AlertSettingsDoc>;

export function defineAlertSettingsModel(db: MongooseConnection): AlertSettingsModel {
  return db.model<AlertSettingsDoc>('AlertSettings', alertSettingsSchema);
}
