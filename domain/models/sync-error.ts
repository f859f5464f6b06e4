import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/** A value a run could not coerce to its mapped type: shown in the run, never silently dropped. */
export interface SyncErrorDoc {
  runId: string;
  connectionId: string;
  object: string;
  recordId: string;
  field: string;
  crmField: string;
  rawValue: string;
  reason: string;
  createdAt: Date;
}

const syncErrorSchema = new Schema<SyncErrorDoc>(
  {
    runId: { type: String, required: true },
    connectionId: { type: String, required: true },
    object: { type: String, required: true },
    recordId: { type: String, required: true },
    field: { type: String, required: true },
    crmField: { type: String, required: true },
    rawValue: { type: String, required: true },
    reason: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'sync_errors', versionKey: false },
);
syncErrorSchema.index({ runId: 1 });

export type SyncErrorModel = Model<SyncErrorDoc>;

export function defineSyncErrorModel(db: MongooseConnection): SyncErrorModel {
  return db.model<SyncErrorDoc>('SyncError', syncErrorSchema);
}
