import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../auth/roles';

/** Automation credentials: the token itself is never stored, only its SHA-256. */
const apiTokenSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    tokenHash: { type: String, required: true },
    displayPrefix: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    createdBy: { type: String, required: true },
    /** The user who made it (for a token made by a token, that token's user): the token works only while they may make tokens. */
    ownerUserId: String,
    /** Optional end of life, set at creation; null means it lasts until revoked. */
    expiresAt: Date,
    lastUsedAt: Date,
    revokedAt: Date,
  },
  { timestamps: true, collection: 'api_tokens' },
);
apiTokenSchema.index({ tokenHash: 1 }, { unique: true });

export type ApiTokenDoc = InferSchemaType<typeof apiTokenSchema>;
export type ApiTokenModel = Model<ApiTokenDoc>;

export function defineApiTokenModel(db: MongooseConnection): ApiTokenModel {
  return db.model<ApiTokenDoc>('ApiToken', apiTokenSchema);
}
