/**
 * What a run says about the CRM's API limits. A CRM that reports a daily allowance shows it; one
 * that reports none (its limits are met as "wait and try again") is named and its limits described,
 * so the page never shows a blank or a "0 of 0" that reads like a quota.
 */
import type { z } from 'zod';
import type { CrmModel } from '../../domain/crm/crm-model';
import type { apiAllowanceJson } from './run-json-schema';

/** The schema (run-json-schema.ts) documents the fields: the allowance in words, and rate-limit waits or null. */
export type ApiAllowanceJson = z.infer<typeof apiAllowanceJson>;
export type RateLimitWaitsJson = NonNullable<ApiAllowanceJson['rateLimitWaits']>;

interface RunLimits {
  apiUsage?: { used?: number | null; max?: number | null } | null;
  rateLimitWaits?: { waits?: number | null; waitedMs?: number | null } | null;
}

function usageText(run: RunLimits): string {
  const usage = run.apiUsage;
  if (!usage?.max) return 'not reported yet';
  return `${(usage.used ?? 0).toLocaleString('en-US')} of ${usage.max.toLocaleString('en-US')} used today`;
}

function presentWaits(run: RunLimits): RateLimitWaitsJson | null {
  const waits = run.rateLimitWaits?.waits;
  if (typeof waits !== 'number') return null;
  const waitedMs = run.rateLimitWaits?.waitedMs ?? 0;
  return { waits, waitedMs, text: waits === 0 ? 'none' : `${waits.toLocaleString('en-US')} (${(waitedMs / 1000).toFixed(1)} s waited)` };
}

export function presentApiAllowance(run: RunLimits, model: Pick<CrmModel, 'label' | 'reportsDailyApiUsage' | 'apiLimitsNote'>): ApiAllowanceJson {
  const rateLimitWaits = presentWaits(run);
  if (model.reportsDailyApiUsage === false) {
    const note = model.apiLimitsNote ? ` (${model.apiLimitsNote})` : '';
    return { reportedByCrm: false, text: `not reported by ${model.label}${note}`, rateLimitWaits };
  }
  return { reportedByCrm: true, text: usageText(run), rateLimitWaits };
}
