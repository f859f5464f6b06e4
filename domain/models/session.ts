import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/** express-session data. FerretDB v1 has no TTL indexes, so expiry is checked on read and pruned. */
export interface SessionDoc {
  _id: string;
  data: string;
  expiresAt: Date;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ expiresAt: 1 });

export type SessionModel = Model<SessionDoc>;

export function defineSessionModel(db: MongooseConnection): SessionModel {
  return db.model<SessionDoc>('Session', sessionSchema);
}
