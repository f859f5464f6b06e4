import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * A record the CRM refused during a push, with the CRM's own code and message. It stays open until
 * a later push of the same list writes that record (then `resolvedByRunId` is set), so ops can
 * retry exactly the failed records.
 */
export interface PushErrorDoc {
  runId: string;
  listId: string;
  connectionId: string;
  crmId: string;
  object: string;
  /** CRM field → value that was being written. */
  values: Record<string, unknown>;
  code: string;
  message: string;
  fields: string[];
  resolvedByRunId: string | null;
  createdAt: Date;
}

const pushErrorSchema = new Schema<PushErrorDoc>(
  {
    runId: { type: String, required: true },
    listId: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    object: { type: String, required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    code: { type: String, required: true },
    message: { type: String, required: true },
    fields: { type: [String], default: [] },
    resolvedByRunId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'push_errors', versionKey: false, minimize: false },
);
pushErrorSchema.index({ runId: 1 });
pushErrorSchema.index({ listId: 1, resolvedByRunId: 1 });
// The contact page reads one person's push errors.
pushErrorSchema.index({ connectionId: 1, crmId: 1 });

export type PushErrorModel = Model<PushErrorDoc>;

export function definePushErrorModel(db: MongooseConnection): PushErrorModel {
  return db.model<PushErrorDoc>('PushError', pushErrorSchema);
}
