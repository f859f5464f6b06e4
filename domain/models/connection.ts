import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A CRM connection. Secrets are stored sealed (AES-256-GCM, see secrets/secret-box.ts) and are
 * never sent to Temporal, logged or rendered: workflows carry only the connection id.
 */
const connectionSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    crm: { type: String, enum: ['salesforce'], required: true, default: 'salesforce' },
    loginUrl: { type: String, required: true },
    apiVersion: { type: String, required: true, default: '59.0' },
    auth: {
      type: { type: String, enum: ['password', 'client_credentials'], required: true },
      username: { type: String },
      clientId: { type: String },
      /** Sealed JSON of { password, securityToken } or { clientSecret }. */
      sealedSecrets: { type: String, required: true },
    },
    /** The field mapping (domain/mapping/mapping.ts ConnectionMapping); absent until an admin saves one. */
    mapping: { type: Schema.Types.Mixed, default: null },
    mappingUpdatedAt: { type: Date, default: null },
    /** When the contact views were last rebuilt; a mapping saved after this forces a rebuild. */
    contactViewsBuiltAt: { type: Date, default: null },
    /** How the CRM Administration sync of this connection behaves; defaults suit a typical org. */
    syncSettings: {
      type: new Schema(
        {
          /** A full sync runs when the last one is older than this (domain rule: 14 days). */
          fullSyncIntervalDays: { type: Number, default: 14, min: 1, max: 365 },
          /** Incremental syncs re-read this far behind the watermark, for clock skew and late commits. */
          overlapSeconds: { type: Number, default: 300, min: 0, max: 86_400 },
          /** The Id-only drift check runs when the last one is older than this. */
          driftCheckIntervalHours: { type: Number, default: 24, min: 1, max: 24 * 30 },
          /** Drift above this share of an object's records forces a full sync of that object. */
          driftThresholdPercent: { type: Number, default: 1, min: 0, max: 100 },
          /** The sync pauses when less than this share of the daily API limit is left. */
          apiReservePercent: { type: Number, default: 10, min: 0, max: 90 },
          /** How long a paused sync waits before it checks the API quota again. */
          apiLimitPauseSeconds: { type: Number, default: 900, min: 1, max: 86_400 },
          pageSize: { type: Number, default: 2000, min: 200, max: 2000 },
          /** Formula/roll-up fields are re-read when their last refresh is older than this; 0 = only on request. */
          calculatedRefreshIntervalHours: { type: Number, default: 0, min: 0, max: 24 * 30 },
        },
        { _id: false },
      ),
      default: () => ({}),
    },
  },
  { timestamps: true, collection: 'connections' },
);

export type ConnectionDoc = InferSchemaType<typeof connectionSchema>;
export type ConnectionModel = Model<ConnectionDoc>;

export function defineConnectionModel(db: MongooseConnection): ConnectionModel {
  return db.model<ConnectionDoc>('Connection', connectionSchema);
}
