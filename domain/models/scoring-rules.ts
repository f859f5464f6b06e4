import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/** Points, cap and decay of one event type; see domain/scoring/score-person.ts for how they combine. */
export interface TypeRule {
  points: number;
  /** Upper bound of this type's (decayed) sum; null: no cap. */
  cap: number | null;
  /** Days after which an event's points halve; null: no decay. */
  halfLifeDays: number | null;
}

/** The installation's one set of scoring rules (_id 'default'), keyed by event type. */
export interface ScoringRulesDoc {
  _id: string;
  rules: Record<string, TypeRule>;
  updatedAt: Date;
  updatedBy: string | null;
}

const scoringRulesSchema = new Schema<ScoringRulesDoc>(
  {
    _id: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, default: null },
  },
  { collection: 'scoring_rules', versionKey: false, minimize: false },
);

export const SCORING_RULES_ID = 'default';

export type ScoringRulesModel = Model<ScoringRulesDoc>;

export function defineScoringRulesModel(db: MongooseConnection): ScoringRulesModel {
  return db.model<ScoringRulesDoc>('ScoringRules', scoringRulesSchema);
}
