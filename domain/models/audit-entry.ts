import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/** Who did what: triggered, retried, cancelled, changed a mapping, a schedule, a user or a token. */
const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true, default: () => new Date() },
    actor: {
      kind: { type: String, enum: ['user', 'token', 'system'], required: true },
      id: { type: String },
      name: { type: String, required: true },
    },
    action: { type: String, required: true },
    target: { kind: String, id: String, name: String },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_entries', versionKey: false },
);
auditEntrySchema.index({ at: -1 });

export type AuditEntryDoc = InferSchemaType<typeof auditEntrySchema>;
export type AuditEntryModel = Model<AuditEntryDoc>;

export function defineAuditEntryModel(db: MongooseConnection): AuditEntryModel {
  return db.model<AuditEntryDoc>('AuditEntry', auditEntrySchema);
}
