import { Router } from 'express';
import { z } from 'zod';
import { alertSettingsInput, readAlertSettings, saveAlertSettings, type AlertSettingsInput } from '../../domain/alerts/alert-settings';
import { webhookUrlProblem } from '../../domain/alerts/webhook-target';
import { STRICT_OUTBOUND_HOSTS, type OutboundHostPolicy } from '../../domain/outbound/outbound-hosts';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { ValidationError } from '../http-errors';
import { listAlerts } from '../services/alerts-read';
import { parseInput } from '../validate';
import type { AlertJson, alertSettingsJson } from '../presenters/alert-json-schema';

export const alertsQuery = z.object({ state: z.enum(['open', 'resolved', 'all']).default('open') }).strict();

function presentAlert(a: { _id: string; kind: string; connectionId: string; runId: string | null; message: string; raisedAt: Date; resolvedAt: Date | null; delivery: { status: string; attempts: number; lastError: string | null } }): AlertJson {
  return { id: a._id, kind: a.kind, connectionId: a.connectionId, runId: a.runId, message: a.message, raisedAt: a.raisedAt, resolvedAt: a.resolvedAt, delivery: a.delivery };
}

/** Alerts (failed runs, stale CRM data) and their webhook settings. */
export function alertsRouter({ models, box, outboundHosts = STRICT_OUTBOUND_HOSTS }: { models: Models; box: SecretBox; outboundHosts?: OutboundHostPolicy }): Router {
  const router = Router();
  /** The host rules of domain/alerts/webhook-target.ts, which the schema cannot know: they are the operator's settings. */
  const webhookProblem = (input: AlertSettingsInput) => (input.webhookUrl ? webhookUrlProblem(input.webhookUrl, outboundHosts) : null);
  const view = requirePermission('runs:view');
  const manage = requirePermission('connections:manage');

  const list = async (state: 'open' | 'resolved' | 'all') => (await listAlerts(models, state)).map(presentAlert);

  router.get('/api/v1/alerts', view, async (req, res) => {
    const { state } = parseInput(alertsQuery, req.query, 'query');
    res.json({ alerts: await list(state) });
  });

  router.get('/api/v1/settings/alerts', manage, async (_req, res) => {
    res.json((await readAlertSettings(models)) satisfies z.infer<typeof alertSettingsJson>);
  });

  router.put('/api/v1/settings/alerts', manage, async (req, res) => {
    const input = parseInput(alertSettingsInput, req.body, 'body');
    const problem = webhookProblem(input);
    if (problem) throw new ValidationError([{ path: 'body.webhookUrl', message: problem }]);
    const saved = await saveAlertSettings(models, box, input);
    await recordAudit(models, actorOf(req), 'changed-alert-settings', { kind: 'settings', id: 'alerts' }, { webhookHost: saved.webhookHost, staleAfterMinutes: saved.staleAfterMinutes });
    res.json(saved satisfies z.infer<typeof alertSettingsJson>);
  });

  router.get('/alerts', view, async (req, res) => {
    const { state } = parseInput(alertsQuery, req.query, 'query');
    res.render('alerts/index', { title: 'Alerts', alerts: await list(state), state, settings: await readAlertSettings(models), errors: {} });
  });

  router.post('/settings/alerts', manage, async (req, res) => {
    const form = req.body as Record<string, string>;
    const minutes = Number(form.staleAfterMinutes);
    const parsed = alertSettingsInput.safeParse({
      ...(form.webhookUrl?.trim() || form.clearWebhook === 'on' ? { webhookUrl: form.clearWebhook === 'on' ? '' : form.webhookUrl } : {}),
      staleAfterMinutes: Number.isNaN(minutes) ? form.staleAfterMinutes : minutes,
    });
    const refuse = async (errors: Record<string, string>) =>
      res.status(400).render('alerts/index', { title: 'Alerts', alerts: await list('open'), state: 'open', settings: await readAlertSettings(models), errors });
    if (!parsed.success) return refuse(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])));
    const problem = webhookProblem(parsed.data);
    if (problem) return refuse({ webhookUrl: problem });
    const saved = await saveAlertSettings(models, box, parsed.data);
    await recordAudit(models, actorOf(req), 'changed-alert-settings', { kind: 'settings', id: 'alerts' }, { webhookHost: saved.webhookHost, staleAfterMinutes: saved.staleAfterMinutes });
    req.session.flash = { kind: 'ok', message: 'Alert settings saved.' };
    res.redirect('/alerts');
  });

  return router;
}
