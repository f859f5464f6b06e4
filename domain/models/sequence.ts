import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * A named counter (`runs`: one number per run stored). Taken with one `$inc` on its `_id`: MongoDB
 * makes that atomic, FerretDB v1 does not, so its users must bear repeated numbers
 * (domain/runs/run-buckets.ts).
 */
export interface SequenceDoc {
  _id: string;
  value: number;
}

const sequenceSchema = new Schema<SequenceDoc>(
  {
    _id: { type: String, required: true },
    value: { type: Number, required: true, default: 0 },
  },
  { collection: 'sequences', versionKey: false },
);

export type SequenceModel = Model<SequenceDoc>;

export function defineSequenceModel(db: MongooseConnection): SequenceModel {
  return db.model<SequenceDoc>('Sequence', sequenceSchema);
}
