import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * One version of a Lead, Contact, contact role or campaign member that an incremental pull is about
 * to write, with the people it names before and after: what lets the contact-view rebuild touch only
 * those people. Keyed "<run>:<object>:<CRM id>:<content hash>", so a retried page writes the same
 * key again (ignored) and a record that changes twice in one run leaves both versions. Written before
 * the record itself, so a crash can only over-report. Removed once the run's contact views are built.
 */
export interface ChangedRecordDoc {
  _id: string;
  runId: string;
  connectionId: string;
  object: string;
  crmId: string;
  /** Lead/Contact ids this version and the stored one it replaces name (the record itself for a person). */
  people: string[];
}

const changedRecordSchema = new Schema<ChangedRecordDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    connectionId: { type: String, required: true },
    object: { type: String, required: true },
    crmId: { type: String, required: true },
    people: { type: [String], default: [] },
  },
  { collection: 'sync_changed_records', versionKey: false },
);
changedRecordSchema.index({ runId: 1 });
changedRecordSchema.index({ connectionId: 1 });

export type ChangedRecordModel = Model<ChangedRecordDoc>;

export function changedRecordKey(runId: string, object: string, crmId: string, fieldsHash: string): string {
  return `${runId}:${object}:${crmId}:${fieldsHash}`;
}

export function defineChangedRecordModel(db: MongooseConnection): ChangedRecordModel {
  return db.model<ChangedRecordDoc>('ChangedRecord', changedRecordSchema);
}
