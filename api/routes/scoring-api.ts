import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { loadScoringRules, saveScoringRules, scoringRulesInput } from '../../domain/scoring/scoring-rules';
import { actorOf, requirePermission } from '../auth/authorize';
import { lastScoreRecompute, startScoreRecompute } from '../services/score-recompute-starter';
import { parseInput } from '../validate';
import type { z } from 'zod';
import type { scoringRulesJson, scoringRulesSavedJson } from '../presenters/scoring-json-schema';

type Deps = { models: Models; temporal: Client; taskQueue: string };

/** Scoring rules as JSON; saving them recomputes every member's behavioural score in the background. */
export function scoringApiRouter(deps: Deps): Router {
  const { models } = deps;
  const router = Router();
  const manage = requirePermission('programs:manage');
  const view = requirePermission('programs:view');

  router.get('/api/v1/scoring-rules', view, async (_req, res) => {
    const current = await loadScoringRules(models);
    res.json({ ...current, lastRecompute: await lastScoreRecompute(models) } satisfies z.infer<typeof scoringRulesJson>);
  });

  router.put('/api/v1/scoring-rules', manage, async (req, res) => {
    const input = parseInput(scoringRulesInput, req.body, 'body');
    const saved = await saveScoringRules(models, input, actorOf(req).name);
    const recompute = await startScoreRecompute(deps, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), 'changed-scoring-rules', { kind: 'settings', id: 'scoring-rules' }, { rules: saved.rules, recomputeRunId: recompute?.runId ?? null });
    res.json({ ...saved, recompute } satisfies z.infer<typeof scoringRulesSavedJson>);
  });

  return router;
}
