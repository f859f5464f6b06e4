import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * The local copy of one CRM record. Its _id is the natural key "<connection>:<object>:<CRM id>":
 * re-syncing is idempotent, and FerretDB v1 (SQLite) answers _id look-ups from its primary key,
 * while filters on other fields scan the collection.
 */
export interface CrmRecordDoc {
  _id: string;
  connectionId: string;
  object: string;
  crmId: string;
  fields: Record<string, unknown>;
  systemModstamp?: Date;
  syncedAt: Date;
}

const crmRecordSchema = new Schema<CrmRecordDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    object: { type: String, required: true },
    crmId: { type: String, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    systemModstamp: { type: Date },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'crm_records', minimize: false, versionKey: false },
);
crmRecordSchema.index({ connectionId: 1, object: 1 });

export function crmRecordKey(connectionId: string, object: string, crmId: string): string {
  return `${connectionId}:${object}:${crmId}`;
}

export type CrmRecordModel = Model<CrmRecordDoc>;

export function defineCrmRecordModel(db: MongooseConnection): CrmRecordModel {
  return db.model<CrmRecordDoc>('CrmRecord', crmRecordSchema);
}
