import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * The CRM ids a full sync has seen, one document per page (insertMany-cheap on FerretDB). After the
 * last page, local records whose id was not seen are gone from the CRM and are removed. Kept in
 * MongoDB, not in memory, so a full sync resumed on another worker still knows what it saw.
 */
export interface SeenIdsDoc {
  _id: string;
  runId: string;
  object: string;
  ids: string[];
}

const seenIdsSchema = new Schema<SeenIdsDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    object: { type: String, required: true },
    ids: { type: [String], default: [] },
  },
  { collection: 'sync_seen_ids', versionKey: false },
);
seenIdsSchema.index({ runId: 1, object: 1 });

export type SeenIdsModel = Model<SeenIdsDoc>;

export function defineSeenIdsModel(db: MongooseConnection): SeenIdsModel {
  return db.model<SeenIdsDoc>('SeenIds', seenIdsSchema);
}
