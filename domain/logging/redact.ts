/**
 * The redaction rule of every log line: a value under a key that names a secret is replaced,
 * however deep it sits, so a logged connection, request, CRM error or activity input never carries
 * a CRM password, security token, client secret, API token, session or cookie. Keys, not values,
 * decide: the logger cannot know every secret, but every place we keep one names it so.
 */
export const REDACTED = '[redacted]';

/** password, securityToken, clientSecret, accessToken, apiKey, authorization, cookie, sessionSecret, secretKey, … */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|session[-_]?id|credential|private[-_]?key|^sid$/i;

/** Deep enough for any payload we log; past it a value is dropped rather than walked without end. */
const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (value instanceof Error) {
    // Errors keep name, message and stack (their own words), and their enumerable fields are redacted;
    // a failure's own `type` (ApplicationFailure's) is one of those fields.
    const fields = redactFields(value as unknown as Record<string, unknown>, depth, seen);
    const cause = value.cause === undefined ? {} : { cause: redactValue(value.cause, depth + 1, seen) };
    return { name: value.name, ...fields, message: value.message, stack: value.stack, ...cause };
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  return redactFields(value as Record<string, unknown>, depth, seen);
}

function redactFields(value: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = isSecretKey(key) && field !== undefined && field !== null && field !== '' ? REDACTED : redactValue(field, depth + 1, seen);
  }
  return out;
}

/** A copy of a log line's fields with every secret-named value replaced by `[redacted]`. */
export function redactSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return redactFields(fields, 0, new WeakSet());
}
