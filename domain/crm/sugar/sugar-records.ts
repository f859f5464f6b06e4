import type { CrmFieldValue, CrmRecord } from '../connector';

/** The stamp every Sugar module carries; whole seconds, so keysets break ties by id. */
export const STAMP_FIELD = 'date_modified';

/**
 * Keys a REST record carries that are no field: `_acl` and `_module` (FilterApi adds them), and the
 * `email` collection, which repeats `email1` (the primary address) with flags the core does not keep.
 */
const NOT_FIELDS = new Set(['_acl', '_module', 'email', '_erased_fields']);

/**
 * One value as the core stores it. A multienum arrives as an array of keys and is kept ';'-joined,
 * as Salesforce's multi-select picklists are; anything else that is not a scalar stays one field,
 * as JSON text, so coercion can refuse it per record. Sugar sends decimal and currency values as
 * text ("25000.000000"): kept as numbers, or a segment's "amount greater than" compares text with
 * a number and matches nothing.
 */
function toFieldValue(value: unknown, numeric: boolean): CrmFieldValue {
  if (value === null || value === undefined) return null;
  if (numeric && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(';');
  return JSON.stringify(value);
}

/** A Sugar datetime (`2024-05-01T08:30:00+00:00`) as ISO-8601 UTC, or undefined when it is none. */
export function toIsoStamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** A record of the REST API as a CrmRecord; `numericFields` are the module's decimal and currency fields. */
export function toCrmRecord(row: Record<string, unknown>, numericFields: ReadonlySet<string> = new Set()): CrmRecord {
  const fields: Record<string, CrmFieldValue> = {};
  for (const [name, value] of Object.entries(row)) if (!NOT_FIELDS.has(name)) fields[name] = toFieldValue(value, numericFields.has(name));
  return { id: typeof row.id === 'string' ? row.id : '', fields, systemModstamp: toIsoStamp(row[STAMP_FIELD]) };
}

/**
 * The body of a PUT: only fields the core named, multienum values back to arrays of keys. Keys that
 * address the record (`id`) are left out: the URL names it.
 */
export function toSugarFields(fields: Record<string, CrmFieldValue>, multienums: ReadonlySet<string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'id') continue;
    if (multienums.has(name)) body[name] = typeof value === 'string' && value !== '' ? value.split(';').map((v) => v.trim()).filter(Boolean) : [];
    else body[name] = value;
  }
  return body;
}
