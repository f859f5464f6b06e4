import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A list-maintenance program: ordered steps (domain/programs/steps.ts) run over one list's members
 * by the listMaintenance workflow, now or on its own schedule. Steps are stored as validated JSON
 * (Mixed): their shape is checked by domain/programs/program-input.ts before every save.
 */
const programSchema = new Schema(
  {
    listId: { type: Schema.Types.ObjectId, ref: 'MarketingList', required: true },
    connectionId: { type: Schema.Types.ObjectId, ref: 'Connection', required: true },
    name: { type: String, required: true, trim: true },
    steps: { type: [Schema.Types.Mixed], default: [] },
    /** Schedule settings (domain/schedules/schedule-settings.ts) plus their description; null when off. */
    schedule: { type: Schema.Types.Mixed, default: null },
    lastRunId: { type: String, default: null },
    createdBy: { type: String },
  },
  { timestamps: true, collection: 'programs', minimize: false },
);
programSchema.index({ listId: 1 });

export type ProgramDoc = InferSchemaType<typeof programSchema>;
export type ProgramModel = Model<ProgramDoc>;

export function defineProgramModel(db: MongooseConnection): ProgramModel {
  return db.model<ProgramDoc>('Program', programSchema);
}
