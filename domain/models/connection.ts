import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';
import { CRM_KINDS } from '../crm/crm-model';
import { syncSettingsSchemaFields } from './sync-settings';

/**
 * A CRM connection. Secrets are stored sealed (AES-256-GCM, see secrets/secret-box.ts) and are
 * never sent to Temporal, logged or rendered: workflows carry only the connection id.
 */
const connectionSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    crm: { type: String, enum: [...CRM_KINDS], required: true, default: 'salesforce' },
    /** Where secrets are sent to sign in: Salesforce's login host, or the Entra ID authority of a Dynamics org. */
    loginUrl: { type: String, required: true },
    /** Dynamics: the org's Web API host (https://contoso.crm.dynamics.com), the token's audience. */
    environmentUrl: { type: String },
    /** Dynamics: the Microsoft Entra tenant the app registration belongs to. */
    tenantId: { type: String },
    /** SugarCRM: the API platform crm-sync signs in on (a sign-in ends the user's earlier session on the same platform). */
    platform: { type: String },
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
    /** The pipeline's schedule (domain/schedules/schedule-settings.ts) with its description; off when absent. */
    schedule: { type: Schema.Types.Mixed, default: null },
    /** How the CRM Administration sync of this connection behaves; defaults suit a typical org. */
    syncSettings: {
      type: new Schema(syncSettingsSchemaFields, { _id: false }),
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
