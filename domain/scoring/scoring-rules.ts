import { z } from 'zod';
import { SCORING_RULES_ID, type ScoringRulesDoc, type TypeRule } from '../models/scoring-rules';
import type { Models } from '../models';
import { ENGAGEMENT_EVENT_TYPES } from './event-types';

/** The rules until someone changes them: clicks and forms say more about intent than opens. */
export const DEFAULT_SCORING_RULES: Record<string, TypeRule> = {
  email_sent: { points: 0, cap: null, halfLifeDays: null },
  email_open: { points: 1, cap: null, halfLifeDays: null },
  email_click: { points: 3, cap: null, halfLifeDays: null },
  page_view: { points: 1, cap: null, halfLifeDays: null },
  form_submit: { points: 10, cap: null, halfLifeDays: null },
  webinar_attend: { points: 15, cap: null, halfLifeDays: null },
  unsubscribe: { points: -20, cap: null, halfLifeDays: null },
};

const typeRuleInput = z
  .object({
    points: z.number().finite().min(-10_000).max(10_000),
    cap: z.number().finite().positive().max(1_000_000).nullable().default(null),
    halfLifeDays: z.number().finite().positive().max(36_500).nullable().default(null),
  })
  .strict();

/** A PUT replaces the rules of the types it names; a type left out keeps its current rule. */
export const scoringRulesInput = z
  .object({ rules: z.object(Object.fromEntries(ENGAGEMENT_EVENT_TYPES.map((t) => [t, typeRuleInput.optional()]))).strict() })
  .strict();
export type ScoringRulesInput = z.infer<typeof scoringRulesInput>;

export interface CurrentScoringRules {
  rules: Record<string, TypeRule>;
  /** null while the defaults have never been changed. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function loadScoringRules(models: Pick<Models, 'ScoringRules'>): Promise<CurrentScoringRules> {
  const doc = await models.ScoringRules.findById(SCORING_RULES_ID).lean<ScoringRulesDoc>();
  return { rules: { ...DEFAULT_SCORING_RULES, ...(doc?.rules ?? {}) }, updatedAt: doc?.updatedAt ?? null, updatedBy: doc?.updatedBy ?? null };
}

export async function saveScoringRules(models: Pick<Models, 'ScoringRules'>, input: ScoringRulesInput, by: string): Promise<CurrentScoringRules> {
  const current = await loadScoringRules(models);
  const changed = Object.fromEntries(Object.entries(input.rules).filter((e): e is [string, TypeRule] => e[1] !== undefined));
  const rules = { ...current.rules, ...changed };
  const updatedAt = new Date();
  await models.ScoringRules.updateOne({ _id: SCORING_RULES_ID }, { $set: { rules, updatedAt, updatedBy: by } }, { upsert: true });
  return { rules, updatedAt, updatedBy: by };
}
