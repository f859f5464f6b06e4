import { z } from 'zod';
import type { Models } from '../models';
import type { SecretBox } from '../secrets/secret-box';

export const DEFAULT_STALE_AFTER_MINUTES = 24 * 60;

export const alertSettingsInput = z
  .object({
    /**
     * An https URL, or '' / null to stop calling a webhook. Absent keeps the stored one. Which hosts
     * it may name depends on the installation's settings: domain/alerts/webhook-target.ts.
     */
    webhookUrl: z
      .union([z.literal(''), z.null(), z.string().trim().url('webhookUrl must be a full https:// URL').max(2000)])
      .refine((v) => !v || /^https?:\/\//i.test(v), 'webhookUrl must start with https://')
      .optional(),
    staleAfterMinutes: z.number().int('whole minutes').min(5, 'at least 5 minutes').max(30 * 24 * 60, 'at most 30 days (43200 minutes)').optional(),
  })
  .strict();
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;

export interface AlertSettingsView {
  webhookConfigured: boolean;
  /** Scheme and host only: the full URL may hold a token and is never shown again. */
  webhookHost: string | null;
  staleAfterMinutes: number;
}

export async function readAlertSettings(models: Pick<Models, 'AlertSettings'>): Promise<AlertSettingsView> {
  const doc = await models.AlertSettings.findById('alerts').lean();
  return { webhookConfigured: !!doc?.sealedWebhookUrl, webhookHost: doc?.webhookHost ?? null, staleAfterMinutes: doc?.staleAfterMinutes ?? DEFAULT_STALE_AFTER_MINUTES };
}

export async function saveAlertSettings(models: Pick<Models, 'AlertSettings'>, box: SecretBox, input: AlertSettingsInput): Promise<AlertSettingsView> {
  const $set: Record<string, unknown> = { updatedAt: new Date() };
  if (input.staleAfterMinutes !== undefined) $set.staleAfterMinutes = input.staleAfterMinutes;
  if (input.webhookUrl !== undefined) {
    const url = input.webhookUrl || null;
    $set.sealedWebhookUrl = url ? box.seal(url) : null;
    $set.webhookHost = url ? new URL(url).origin : null;
  }
  await models.AlertSettings.updateOne({ _id: 'alerts' }, { $set, $setOnInsert: { ...(input.staleAfterMinutes === undefined ? { staleAfterMinutes: DEFAULT_STALE_AFTER_MINUTES } : {}) } }, { upsert: true });
  return readAlertSettings(models);
}

/** The webhook URL in the clear, for the activity that calls it. */
export async function openWebhookUrl(models: Pick<Models, 'AlertSettings'>, box: SecretBox): Promise<string | null> {
  const doc = await models.AlertSettings.findById('alerts', { sealedWebhookUrl: 1 }).lean();
  return doc?.sealedWebhookUrl ? box.open(doc.sealedWebhookUrl) : null;
}
