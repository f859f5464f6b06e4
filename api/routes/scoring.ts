import type { Client } from '@temporalio/client';
import { Router, type Response } from 'express';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { ENGAGEMENT_EVENT_TYPES } from '../../domain/scoring/event-types';
import { loadScoringRules, saveScoringRules, scoringRulesInput } from '../../domain/scoring/scoring-rules';
import { actorOf, requirePermission } from '../auth/authorize';
import { lastScoreRecompute, startScoreRecompute } from '../services/score-recompute-starter';

type Deps = { models: Models; temporal: Client; taskQueue: string };

const RULE_FIELDS = ['points', 'cap', 'halfLifeDays'] as const;

/**
 * The form always sends every cell, so an absent one is a broken or forged request, and an empty
 * points cell is a mistake: either would otherwise become 0 points and silently rescore everyone.
 * Empty cap and half-life cells are the way to say "none".
 */
function missingCells(form: Record<string, unknown>): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const type of ENGAGEMENT_EVENT_TYPES) {
    for (const field of RULE_FIELDS) {
      const value = form[`${type}.${field}`];
      if (typeof value !== 'string') missing[`${type}.${field}`] = 'missing from the form';
      else if (field === 'points' && value.trim() === '') missing[`${type}.${field}`] = 'enter the points (0 for none)';
    }
  }
  return missing;
}

/** An empty form field means "none" for cap and half-life; numbers arrive as strings. */
function ruleFromForm(form: Record<string, string | undefined>, type: string) {
  const number = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : Number(value));
  return { points: number(form[`${type}.points`]), cap: number(form[`${type}.cap`]), halfLifeDays: number(form[`${type}.halfLifeDays`]) };
}

/** The scoring rules page: one row per event type, and the last recompute's progress. */
export function scoringRouter(deps: Deps): Router {
  const { models } = deps;
  const router = Router();
  const manage = requirePermission('programs:manage');
  const view = requirePermission('programs:view');

  const render = async (res: Response, errors: Record<string, string>, status = 200) => {
    const current = await loadScoringRules(models);
    res.status(status).render('scoring/index', { title: 'Scoring', types: ENGAGEMENT_EVENT_TYPES, current, lastRun: await lastScoreRecompute(models), errors });
  };

  router.get('/scoring', view, async (_req, res) => {
    await render(res, {});
  });

  router.post('/scoring', manage, async (req, res) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const missing = missingCells(form);
    if (Object.keys(missing).length > 0) {
      return render(res, { ...missing, form: `Nothing saved: missing ${Object.keys(missing).join(', ')}` }, 400);
    }
    const parsed = scoringRulesInput.safeParse({ rules: Object.fromEntries(ENGAGEMENT_EVENT_TYPES.map((t) => [t, ruleFromForm(form, t)])) });
    if (!parsed.success) {
      // Field names match the form's inputs ("email_open.cap") so each error shows beside its cell.
      const errors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.slice(1).join('.'), i.message]));
      return render(res, errors, 400);
    }
    const saved = await saveScoringRules(models, parsed.data, actorOf(req).name);
    const recompute = await startScoreRecompute(deps, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), 'changed-scoring-rules', { kind: 'settings', id: 'scoring-rules' }, { rules: saved.rules, recomputeRunId: recompute?.runId ?? null });
    req.session.flash = { kind: 'ok', message: recompute ? 'Scoring rules saved; scores are being recomputed.' : 'Scoring rules saved.' };
    res.redirect('/scoring');
  });

  return router;
}
