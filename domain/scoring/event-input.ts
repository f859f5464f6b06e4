import { createHash } from 'node:crypto';
import { emailKeyOf } from '../models/list-member';
import type { EngagementEventDoc } from '../models/engagement-event';
import { ENGAGEMENT_EVENT_TYPES, isEngagementEventType } from './event-types';
import { propertiesProblem } from './property-keys';

export const MAX_EVENTS_PER_BATCH = 10_000;
/** Properties are context (campaign, URL), not payloads: a bound keeps one sender from filling the database. */
export const MAX_PROPERTIES_BYTES = 4_096;
/** Senders' clocks drift; more than a day ahead is a bug on their side, not drift. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;
const KNOWN_KEYS = new Set(['email', 'crmId', 'type', 'occurredAt', 'properties', 'idempotencyKey']);

export type CheckedEvent = { ok: true; event: Omit<EngagementEventDoc, 'receivedAt'> } | { ok: false; reason: string };

/** Validates one event of a batch; a bad one is rejected with a reason and the rest of the batch goes on. */
export function checkEvent(raw: unknown, now: Date): CheckedEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'an event must be an object' };
  const e = raw as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) return { ok: false, reason: `unknown field(s): ${unknown.join(', ')}` };
  if (e.email !== undefined && typeof e.email !== 'string') return { ok: false, reason: 'email must be a string' };
  if (e.crmId !== undefined && (typeof e.crmId !== 'string' || e.crmId.length > 64)) return { ok: false, reason: 'crmId must be a string of at most 64 characters' };
  const emailKey = emailKeyOf(e.email);
  if (emailKey !== null && (emailKey.length > 320 || !emailKey.includes('@'))) return { ok: false, reason: 'email is not an email address' };
  const crmId = typeof e.crmId === 'string' && e.crmId.trim() !== '' ? e.crmId.trim() : null;
  if (!emailKey && !crmId) return { ok: false, reason: 'missing identity: give email or crmId' };
  if (!isEngagementEventType(e.type)) return { ok: false, reason: `unknown type ${JSON.stringify(e.type)}: expected one of ${ENGAGEMENT_EVENT_TYPES.join(', ')}` };
  const occurredAt = typeof e.occurredAt === 'string' ? new Date(e.occurredAt) : null;
  if (!occurredAt || Number.isNaN(occurredAt.getTime())) return { ok: false, reason: 'occurredAt must be an ISO 8601 date-time' };
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { ok: false, reason: 'occurredAt is more than a day in the future' };
  const properties = e.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return { ok: false, reason: 'properties must be an object' };
  const keyProblem = propertiesProblem(properties);
  if (keyProblem) return { ok: false, reason: keyProblem };
  const propertiesJson = stableJson(properties);
  if (Buffer.byteLength(propertiesJson) > MAX_PROPERTIES_BYTES) return { ok: false, reason: `properties exceed ${MAX_PROPERTIES_BYTES} bytes` };
  if (e.idempotencyKey !== undefined && (typeof e.idempotencyKey !== 'string' || e.idempotencyKey.length < 1 || e.idempotencyKey.length > 200)) {
    return { ok: false, reason: 'idempotencyKey must be a string of 1 to 200 characters' };
  }
  const type = e.type;
  const _id =
    typeof e.idempotencyKey === 'string'
      ? `key:${e.idempotencyKey}`
      : `h:${createHash('sha256').update(stableJson([emailKey, crmId, type, occurredAt.toISOString(), JSON.parse(propertiesJson)])).digest('hex')}`;
  return { ok: true, event: { _id, emailKey, crmId, type, occurredAt, properties: properties as Record<string, unknown> } };
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash alike. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
