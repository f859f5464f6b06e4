import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * Where the CRM Administration sync of one object of one connection stands. The watermark is the
 * (modification stamp, id) position of the newest record stored; it is written only after the data
 * it covers, so a crash can repeat work but never skip a record.
 */
export interface SyncStateDoc {
  _id: string;
  connectionId: string;
  object: string;
  watermark?: { stamp: string; id: string } | null;
  lastSyncAt?: Date | null;
  lastSyncMode?: 'full' | 'incremental' | null;
  lastFullSyncAt?: Date | null;
  lastDriftCheckAt?: Date | null;
  lastCalculatedRefreshAt?: Date | null;
  /** Set when something (a mapping change, drift) requires the next sync of this object to be full. */
  fullSyncRequested?: { reason: string; at: Date } | null;
  /** CRM fields pulled by the last full sync: a field the CRM gained since then forces a full sync. */
  fieldsAtLastFullSync?: string[];
  /** Fields the sync selects (all non-compound fields of the CRM's describe), set when a run plans. */
  selectFields?: string[];
  /** Formula and roll-up fields among them: fresh as of the last full sync or calculated-field refresh. */
  calculatedFields?: string[];
  tracksDeletes?: boolean;
  /** For an object read through the CRM's change feed: the token the last finished pull ended with. */
  changeToken?: string | null;
  recordCount?: number;
  lastRunId?: string | null;
}

const syncStateSchema = new Schema<SyncStateDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    object: { type: String, required: true },
    watermark: { type: { stamp: String, id: String, _id: false }, default: null },
    lastSyncAt: { type: Date, default: null },
    lastSyncMode: { type: String, default: null },
    lastFullSyncAt: { type: Date, default: null },
    lastDriftCheckAt: { type: Date, default: null },
    lastCalculatedRefreshAt: { type: Date, default: null },
    fullSyncRequested: { type: { reason: String, at: Date, _id: false }, default: null },
    fieldsAtLastFullSync: { type: [String], default: [] },
    selectFields: { type: [String], default: [] },
    calculatedFields: { type: [String], default: [] },
    tracksDeletes: { type: Boolean, default: true },
    changeToken: { type: String, default: null },
    recordCount: { type: Number, default: 0 },
    lastRunId: { type: String, default: null },
  },
  { collection: 'sync_states', versionKey: false, minimize: false },
);
syncStateSchema.index({ connectionId: 1 });

export function syncStateKey(connectionId: string, object: string): string {
  return `${connectionId}:${object}`;
}

export type SyncStateModel = Model<SyncStateDoc>;

export function defineSyncStateModel(db: MongooseConnection): SyncStateModel {
  return db.model<SyncStateDoc>('SyncState', syncStateSchema);
}

/** Makes the next sync of these objects full; used by mapping changes and the drift check. */
export async function requestFullSync(model: SyncStateModel, connectionId: string, objects: readonly string[], reason: string): Promise<void> {
  const at = new Date();
  await Promise.all(
    objects.map((object) =>
      model.updateOne(
        { _id: syncStateKey(connectionId, object) },
        { $set: { fullSyncRequested: { reason, at } }, $setOnInsert: { connectionId, object } },
        { upsert: true },
      ),
    ),
  );
}
