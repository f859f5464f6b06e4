import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * A named counter that only grows (`runs`: one number per run ever prepared). Taken with one
 * `$inc` on its `_id`, which every MongoDB-compatible server answers by key.
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
