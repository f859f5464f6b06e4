import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

export const CONFLICT_OUTCOMES = ['pushed', 'taken-from-crm', 'held-blank'] as const;
export type ConflictOutcome = (typeof CONFLICT_OUTCOMES)[number];

/**
 * A pushed field that both marketing and a CRM user changed since the value they last agreed on,
 * as one list run settled it: both values, the field's rule, who won and what was done. Its _id
 * `<run>:<crm id>:<field>` makes recording it again (a retried attempt) a no-op.
 */
export interface FieldConflictDoc {
  _id: string;
  runId: string;
  listId: string;
  connectionId: string;
  crmId: string;
  type: 'Lead' | 'Contact';
  field: string;
  crmField: string;
  marketingValue: unknown;
  crmValue: unknown;
  agreedValue: unknown;
  rule: string;
  winner: 'marketing' | 'crm';
  outcome: ConflictOutcome;
  at: Date;
}

const fieldConflictSchema = new Schema<FieldConflictDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    listId: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    type: { type: String, enum: ['Lead', 'Contact'], required: true },
    field: { type: String, required: true },
    crmField: { type: String, required: true },
    marketingValue: { type: Schema.Types.Mixed, default: null },
    crmValue: { type: Schema.Types.Mixed, default: null },
    agreedValue: { type: Schema.Types.Mixed, default: null },
    rule: { type: String, required: true },
    winner: { type: String, enum: ['marketing', 'crm'], required: true },
    outcome: { type: String, enum: CONFLICT_OUTCOMES, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'list_field_conflicts', versionKey: false, minimize: false },
);
fieldConflictSchema.index({ runId: 1 });
fieldConflictSchema.index({ listId: 1, crmId: 1 });

export function fieldConflictKey(runId: string, crmId: string, field: string): string {
  return `${runId}:${crmId}:${field}`;
}

export type FieldConflictModel = Model<FieldConflictDoc>;

export function defineFieldConflictModel(db: MongooseConnection): FieldConflictModel {
  return db.model<FieldConflictDoc>('FieldConflict', fieldConflictSchema);
}
