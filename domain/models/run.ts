import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';
import { runBucketFields, takeRunSeqs } from '../runs/run-buckets';

/** 'paused': waiting at a checkpoint (API limit reserve reached) and resuming by itself. */
export const RUN_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_KINDS = ['crm-admin-sync', 'list-import', 'list-sync', 'sync-pipeline', 'segment-refresh', 'score-recompute', 'list-maintenance'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'pipeline', 'retry'] as const;

/** One execution of a workflow as ops see it: what ran, for whom, how far it got and why it stopped. */
const runSchema = new Schema(
  {
    kind: { type: String, enum: RUN_KINDS, required: true },
    status: { type: String, enum: RUN_STATUSES, required: true, default: 'queued' },
    connectionId: { type: Schema.Types.ObjectId, ref: 'Connection', required: true },
    /** For list imports and list syncs. */
    listId: { type: Schema.Types.ObjectId, ref: 'MarketingList', default: null },
    /** For segment refreshes. */
    segmentId: { type: Schema.Types.ObjectId, ref: 'Segment', default: null },
    workflowId: { type: String, required: true },
    trigger: { type: String, enum: RUN_TRIGGERS, required: true, default: 'manual' },
    triggeredBy: { type: String },
    /** What was asked: { mode: 'incremental' | 'full', driftCheck?: boolean, refreshCalculated?: boolean }. */
    options: { type: Schema.Types.Mixed, default: {} },
    /**
     * Per CRM object: { mode, reason, fetched, inserted, updated, unchanged, deleted, errors,
     * watermarkBefore, watermarkAfter, drift?, durationMs, readPath, and for a bulk read that lost its
     * query job bulkRestarts and lastBulkRestart: { at, reason } }.
     */
    counts: { type: Schema.Types.Mixed, default: {} },
    /** Per CRM object: the resumable position of its pull (see activities/crm-admin-sync/checkpoint.ts). */
    checkpoints: { type: Schema.Types.Mixed, default: {} },
    /** What the contact-view rebuild did: { rebuilt, inserted, updated, unchanged, deleted, valueErrors }. */
    contactViews: { type: Schema.Types.Mixed, default: null },
    /** The object and phase being worked on, for live progress. */
    progress: { type: Schema.Types.Mixed, default: null },
    apiCalls: { type: Number, default: 0 },
    /** The CRM's daily API usage as last reported. */
    apiUsage: { used: Number, max: Number },
    /** Times the CRM's rate limit made the run wait (429 + Retry-After), for connectors that wait them out. */
    rateLimitWaits: { waits: Number, waitedMs: Number },
    pausedReason: { type: String, default: null },
    error: { message: String, type: { type: String } },
    startedAt: { type: Date, default: null },
    /** When the run began reading the CRM or its data: a trigger before then joins it, one after it queues a follow-up. */
    readingStartedAt: { type: Date, default: null },
    /** The run this one is queued behind: a trigger came after that run had started reading. */
    queuedBehind: { type: String, default: null },
    /** The run queued behind this one (at most one), started when this one ends. */
    followUpRunId: { type: String, default: null },
    finishedAt: Date,
    durationMs: Number,
    /**
     * Where the run sits in the newest-first order the runs page reads by key (domain/runs/run-buckets.ts):
     * the hundred runs prepared together share a bucket, a hundred buckets an era. -1 for runs stored
     * before buckets existed.
     */
    bucket: { type: Number },
    era: { type: Number },
    /** The minutes of `startedAt` and `finishedAt` (domain/runs/run-status.ts minuteOf), for /metrics. */
    startedMinute: { type: Date, default: null },
    finishedMinute: { type: Date, default: null },
  },
  { timestamps: true, collection: 'runs', minimize: false },
);
runSchema.index({ createdAt: -1 });
runSchema.index({ connectionId: 1, createdAt: -1 });
runSchema.index({ listId: 1, createdAt: -1 });
// The runs page filters by kind and by status, newest first; a segment's page looks for its active refresh.
runSchema.index({ kind: 1, createdAt: -1 });
runSchema.index({ status: 1, createdAt: -1 });
runSchema.index({ segmentId: 1, createdAt: -1 });
// Equality on a bucket or an era is what FerretDB hands to PostgreSQL's index (newest-runs-page.ts).
runSchema.index({ bucket: 1 });
runSchema.index({ era: 1 });
// /metrics adds the runs started and finished since its folded tally (domain/metrics/metric-totals.ts):
// by minute, an equality FerretDB answers from these indexes.
runSchema.index({ startedMinute: 1 });
runSchema.index({ finishedMinute: 1 });

// Every run stored through the model takes its place in the newest-first order, however it is created.
runSchema.pre('save', async function () {
  if (!this.isNew || typeof this.bucket === 'number') return;
  Object.assign(this, runBucketFields(await takeRunSeqs(this.db, 1)));
});
runSchema.pre('insertMany', async function (_next: unknown, docs: unknown) {
  const list = (Array.isArray(docs) ? docs : [docs]) as Record<string, unknown>[];
  const unplaced = list.filter((doc) => typeof doc.bucket !== 'number');
  if (unplaced.length === 0) return;
  const first = await takeRunSeqs(this.db, unplaced.length);
  unplaced.forEach((doc, i) => Object.assign(doc, runBucketFields(first + i)));
});

export type RunDoc = InferSchemaType<typeof runSchema>;
export type RunModel = Model<RunDoc>;

export function defineRunModel(db: MongooseConnection): RunModel {
  return db.model<RunDoc>('Run', runSchema);
}
