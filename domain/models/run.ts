import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_KINDS = ['contact-pull'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'pipeline', 'retry'] as const;

/** One execution of a workflow as ops see it: what ran, for whom, how far it got and why it stopped. */
const runSchema = new Schema(
  {
    kind: { type: String, enum: RUN_KINDS, required: true },
    status: { type: String, enum: RUN_STATUSES, required: true, default: 'queued' },
    connectionId: { type: Schema.Types.ObjectId, ref: 'Connection', required: true },
    workflowId: { type: String, required: true },
    trigger: { type: String, enum: RUN_TRIGGERS, required: true, default: 'manual' },
    triggeredBy: { type: String },
    /** Per CRM object: fetched, inserted, updated, deleted, errors. */
    counts: { type: Schema.Types.Mixed, default: {} },
    apiCalls: { type: Number, default: 0 },
    error: { message: String, type: { type: String } },
    startedAt: Date,
    finishedAt: Date,
  },
  { timestamps: true, collection: 'runs', minimize: false },
);
runSchema.index({ createdAt: -1 });
runSchema.index({ connectionId: 1, createdAt: -1 });

export type RunDoc = InferSchemaType<typeof runSchema>;
export type RunModel = Model<RunDoc>;

export function defineRunModel(db: MongooseConnection): RunModel {
  return db.model<RunDoc>('Run', runSchema);
}
