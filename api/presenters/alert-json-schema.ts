/** The JSON of alerts and their webhook settings (api/routes/alerts.ts). */
import { z } from 'zod';
import { instant } from './common-json';

export const alertJson = z
  .object({
    id: z.string(),
    kind: z.string(),
    connectionId: z.string(),
    runId: z.string().nullable(),
    message: z.string(),
    raisedAt: instant,
    resolvedAt: instant.nullable(),
    /** How sending it to the webhook went. */
    delivery: z.object({ status: z.string(), attempts: z.number().int(), lastError: z.string().nullable() }).strict(),
  })
  .strict();

export const alertsJson = z.object({ alerts: z.array(alertJson) }).strict();

/**
 * The webhook URL can carry a credential (a token in its path), so it is stored sealed and never
 * shown again: the answer says whether one is set, and its origin.
 */
export const alertSettingsJson = z.object({ webhookConfigured: z.boolean(), webhookHost: z.string().nullable(), staleAfterMinutes: z.number() }).strict();

export type AlertJson = z.infer<typeof alertJson>;
