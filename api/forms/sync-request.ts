import { z } from 'zod';

/** Body of POST /api/v1/connections/:id/syncs. Unknown keys are refused so a typo is not silently ignored. */
export const syncRequestInput = z
  .object({
    mode: z.enum(['incremental', 'full'], { errorMap: () => ({ message: "mode must be 'incremental' or 'full'" }) }).default('incremental'),
    driftCheck: z.boolean().optional(),
    refreshCalculated: z.boolean().optional(),
  })
  .strict();

/** The connection page's buttons post `mode` and optional `task=drift-check|refresh-calculated`. */
export function syncFormToRequest(body: unknown): unknown {
  const form = (body ?? {}) as Record<string, unknown>;
  return {
    mode: form.mode === 'full' ? 'full' : 'incremental',
    ...(form.task === 'drift-check' ? { driftCheck: true } : {}),
    ...(form.task === 'refresh-calculated' ? { refreshCalculated: true } : {}),
  };
}
