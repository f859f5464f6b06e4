import type { ConformanceTarget } from '../target';
import { dynamicsTarget } from './dynamics';
import { salesforceTarget } from './salesforce';
import { sugarTarget } from './sugar';

/** The CRMs `npm test` holds to the kit: every connector crm-sync ships passes it. */
const REGISTERED: ConformanceTarget[] = [salesforceTarget, dynamicsTarget, sugarTarget];

/**
 * Targets written but not yet passing (their connector is still being built): run only when named
 * in CONFORMANCE_CRM, never by default.
 */
const CANDIDATES: ConformanceTarget[] = [];

/**
 * The targets this run checks: CONFORMANCE_CRM=dynamics (or a comma-separated list) picks CRMs,
 * registered or candidate; by default every registered one.
 */
export function conformanceTargets(): ConformanceTarget[] {
  const wanted = (process.env.CONFORMANCE_CRM ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return REGISTERED;
  const known = [...REGISTERED, ...CANDIDATES];
  const unknown = wanted.filter((crm) => !known.some((t) => t.crm === crm));
  if (unknown.length > 0) throw new Error(`CONFORMANCE_CRM names ${unknown.join(', ')}; the kit has targets for ${known.map((t) => t.crm).join(', ')}`);
  return known.filter((t) => wanted.includes(t.crm));
}
