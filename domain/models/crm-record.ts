import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/** The local copy of one CRM record, keyed by (connection, object, CRM id): re-syncing it is an idempotent upsert. */
const crmRecordSchema = new Schema(
  {
    connectionId: { type: Schema.Types.ObjectId, required: true },
    object: { type: String, required: true },
    crmId: { type: String, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    systemModstamp: { type: Date },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'crm_records', minimize: false, versionKey: false },
);
crmRecordSchema.index({ connectionId: 1, object: 1, crmId: 1 }, { unique: true });

export type CrmRecordDoc = InferSchemaType<typeof crmRecordSchema>;
export type CrmRecordModel = Model<CrmRecordDoc>;

export function defineCrmRecordModel(db: MongooseConnection): CrmRecordModel {
  return db.model<CrmRecordDoc>('CrmRecord', crmRecordSchema);
}
