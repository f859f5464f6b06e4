import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

export const ALERT_KINDS = ['run-failed', 'data-stale'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'not-configured'] as const;

/**
 * Something ops must see: a failed run, or a connection whose CRM data is older than the alert
 * threshold. Shown as a banner until resolved (the work succeeded since, or the data is fresh
 * again) and sent once to the alerts webhook, with retries.
 */
export interface AlertDoc {
  /** Natural key: 'run-failed:<runId>' or 'data-stale:<connectionId>'. */
  _id: string;
  kind: AlertKind;
  connectionId: string;
  runId: string | null;
  message: string;
  raisedAt: Date;
  resolvedAt: Date | null;
  delivery: { status: (typeof DELIVERY_STATUSES)[number]; attempts: number; lastError: string | null; deliveredAt: Date | null };
}

const alertSchema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ALERT_KINDS, required: true },
    connectionId: { type: String, required: true },
    runId: { type: String, default: null },
    message: { type: String, required: true },
    raisedAt: { type: Date, required: true },
    resolvedAt: { type: Date, default: null },
    delivery: {
      status: { type: String, enum: DELIVERY_STATUSES, default: 'pending' },
      attempts: { type: Number, default: 0 },
      lastError: { type: String, default: null },
      deliveredAt: { type: Date, default: null },
    },
  },
  { collection: 'alerts', versionKey: false },
);
alertSchema.index({ resolvedAt: 1, raisedAt: -1 });
// /metrics counts the alerts raised since its folded tally.
alertSchema.index({ raisedAt: 1 });

export type AlertModel = Model<AlertDoc>;

export function defineAlertModel(db: MongooseConnection): AlertModel {
  return db.model<AlertDoc>('Alert', alertSchema);
}
