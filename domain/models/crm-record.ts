import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';
import { SYNCED_OBJECTS, type SyncedObject } from '../crm/synced-objects';

/**
 * The local copy of one CRM record, one collection per CRM object (`crm_lead`, `crm_campaignmember`, …)
 * so that scans (deletion sweeps, drift checks, contact views) read one object, not all of them.
 * Its _id is the natural key "<connection>:<CRM id>": re-syncing is idempotent. (FerretDB v1 with
 * SQLite scans the table even for _id look-ups; MongoDB uses the _id index.)
 */
export interface CrmRecordDoc {
  _id: string;
  connectionId: string;
  crmId: string;
  fields: Record<string, unknown>;
  /** Hash of stamp and fields (activities/crm-admin-sync/store-records.ts): equal means nothing to write. */
  fieldsHash?: string;
  systemModstamp?: Date;
  syncedAt: Date;
}

const crmRecordSchema = new Schema<CrmRecordDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    fieldsHash: { type: String },
    systemModstamp: { type: Date },
    syncedAt: { type: Date, required: true },
  },
  { minimize: false, versionKey: false },
);
crmRecordSchema.index({ connectionId: 1 });

export function crmRecordKey(connectionId: string, crmId: string): string {
  return `${connectionId}:${crmId}`;
}

export type CrmRecordModel = Model<CrmRecordDoc>;
export type CrmRecordModels = Record<SyncedObject, CrmRecordModel>;

export function crmRecordCollectionName(object: SyncedObject): string {
  return `crm_${object.toLowerCase()}`;
}

export function defineCrmRecordModels(db: MongooseConnection): CrmRecordModels {
  const models = {} as CrmRecordModels;
  for (const object of SYNCED_OBJECTS) {
    models[object] = db.model<CrmRecordDoc>(`Crm${object}`, crmRecordSchema, crmRecordCollectionName(object));
  }
  return models;
}
