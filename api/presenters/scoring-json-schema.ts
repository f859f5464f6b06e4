/** The JSON of the scoring rules (domain/scoring/scoring-rules.ts) and the score recompute they start. */
import { z } from 'zod';
import { instant } from './common-json';
import { runJson } from './run-json-schema';

/** Points per event of one type; `cap` bounds a member's total from it, `halfLifeDays` decays old events. */
const typeRuleJson = z.object({ points: z.number(), cap: z.number().nullable(), halfLifeDays: z.number().nullable() }).strict();

const currentRules = {
  /** By engagement event type (email_open, form_submit, …). */
  rules: z.record(z.string(), typeRuleJson),
  /** null while the defaults have never been changed. */
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
};

/** GET /api/v1/scoring-rules: with the latest score recompute run. */
export const scoringRulesJson = z.object({ ...currentRules, lastRecompute: runJson.nullable() }).strict();
/** PUT /api/v1/scoring-rules: the recompute it started (null when no connection exists yet to score). */
export const scoringRulesSavedJson = z.object({ ...currentRules, recompute: z.object({ runId: z.string(), joined: z.boolean() }).strict().nullable() }).strict();
