import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * The one follow-up slot of a running run, keyed by the running run's id: a trigger that came after
 * the run started reading fills it (with the follow-up's run id and workflow input), and the run's
 * workflow closes it when its work is over, taking the follow-up if there is one. Whoever inserts
 * first wins; `_id` uniqueness is the only atomic claim every MongoDB-compatible backend keeps under
 * concurrent writers (FerretDB v1 runs a filtered update as read-then-write).
 */
export interface RunFollowUpDoc {
  _id: string;
  /** The run queued behind; null when the slot was closed with nothing in it. */
  followUpRunId: string | null;
  workflowType: string | null;
  /** The follow-up's workflow input, as its starter built it. */
  input: unknown;
  requestedAt: Date | null;
  closedAt: Date | null;
}

const runFollowUpSchema = new Schema<RunFollowUpDoc>(
  {
    _id: { type: String, required: true },
    followUpRunId: { type: String, default: null },
    workflowType: { type: String, default: null },
    input: { type: Schema.Types.Mixed, default: null },
    requestedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
  },
  { collection: 'run_follow_ups', versionKey: false, minimize: false },
);

export type RunFollowUpModel = Model<RunFollowUpDoc>;

export function defineRunFollowUpModel(db: MongooseConnection): RunFollowUpModel {
  return db.model<RunFollowUpDoc>('RunFollowUp', runFollowUpSchema);
}
