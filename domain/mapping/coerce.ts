/**
 * Coerces raw CRM values to marketing field types. Every CRM writes types its own way (booleans
 * as 0/1, "TRUE", "yes"; dates in three formats); this is the one place that normalises them.
 * A value that cannot be coerced gets a reason a user can act on; nothing is guessed or truncated.
 */
import type { CoercedValue, FieldType } from './field-types';
import { parseDateString, parseEpochMillis, utcMidnight, type ParsedDate } from './parse-date';

export type CoercionResult = { ok: true; value: CoercedValue } | { ok: false; reason: string };

/** Text longer than this is refused rather than truncated, so no one loses the end of a note unawares. */
export const MAX_TEXT_LENGTH = 32_000;

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/**
 * Plain decimals, optionally with US thousand separators in groups of three ("1,234,567.5").
 * "1,5" is refused: it is a European decimal comma and reading it as 15 would be silently wrong.
 */
const NUMERIC_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * Deliberately plain: an unquoted RFC 5322 local part (no leading, trailing or double dots) and a
 * dotted ASCII domain. Quoted local parts and raw Unicode domains are refused; CRMs rarely hold them.
 */
const EMAIL = /^(?!\.)(?!.*\.\.)[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}(?<!\.)@(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const ok = (value: CoercedValue): CoercionResult => ({ ok: true, value });
const fail = (reason: string): CoercionResult => ({ ok: false, reason });

/** How a raw value is quoted in a reason: short enough for a table cell, exact enough to find it in the CRM. */
export function describeRaw(raw: unknown): string {
  if (typeof raw === 'string') return `'${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}'`;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? 'an invalid date' : raw.toISOString();
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'an object';
  return String(raw);
}

/** An empty CRM field is a legitimate empty value; blank strings count as empty for every type. */
function isEmpty(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

export function coerceValue(type: FieldType, raw: unknown): CoercionResult {
  if (isEmpty(raw)) return ok(null);
  switch (type) {
    case 'Boolean':
      return coerceBoolean(raw);
    case 'Date':
      return coerceDate(raw, 'date');
    case 'Datetime':
      return coerceDate(raw, 'datetime');
    case 'Number':
      return coerceNumber(raw);
    case 'Score':
      return coerceScore(raw);
    case 'Email':
      return coerceEmail(raw);
    case 'MultiText':
      return coerceMultiText(raw);
    case 'Text':
      return coerceText(raw);
  }
}

function coerceBoolean(raw: unknown): CoercionResult {
  if (typeof raw === 'boolean') return ok(raw);
  const word = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return ok(true);
  if (word !== undefined && FALSE_WORDS.has(word)) return ok(false);
  return fail(`${describeRaw(raw)} is not a boolean (expected true/false, 1/0, yes/no)`);
}

function coerceDate(raw: unknown, kind: 'date' | 'datetime'): CoercionResult {
  let parsed: ParsedDate;
  if (raw instanceof Date) parsed = Number.isNaN(raw.getTime()) ? { ok: false, problem: 'format' } : { ok: true, instant: raw };
  else if (typeof raw === 'number') parsed = parseEpochMillis(raw);
  else if (typeof raw === 'string') parsed = parseDateString(raw);
  else parsed = { ok: false, problem: 'format' };
  if (parsed.ok) return ok(kind === 'date' ? utcMidnight(parsed.instant) : new Date(parsed.instant.getTime()));
  if (parsed.problem === 'calendar') return fail(`${describeRaw(raw)} is not a real calendar ${kind}`);
  return fail(
    `${describeRaw(raw)} is not a ${kind} (expected YYYY-MM-DD, MM/DD/YYYY, an ISO date-time with a time zone, or epoch milliseconds)`,
  );
}

function coerceNumber(raw: unknown): CoercionResult {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : fail(`${describeRaw(raw)} is not a finite number`);
  if (typeof raw !== 'string') return fail(`${describeRaw(raw)} is not a number`);
  const text = raw.trim();
  // The regex allows an all-optional match, so also require a digit before any exponent.
  if (!NUMERIC_TEXT.test(text) || !/\d/.test(text.split(/e/i)[0] ?? '')) {
    return fail(`${describeRaw(raw)} is not a number (expected digits, optionally with a decimal point and 1,000 separators)`);
  }
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? ok(value) : fail(`${describeRaw(raw)} is too large to be a number`);
}

/** Fractional scores are refused, not rounded: a score of 12.5 means the scoring upstream is wrong. */
function coerceScore(raw: unknown): CoercionResult {
  const number = coerceNumber(raw);
  if (!number.ok || typeof number.value !== 'number') return number;
  if (!Number.isSafeInteger(number.value)) return fail(`${describeRaw(raw)} is not a whole number; scores must be integers`);
  return number;
}

/** The local part keeps its case (RFC 5321 lets servers treat it as case-sensitive); the domain never is. */
function coerceEmail(raw: unknown): CoercionResult {
  if (typeof raw !== 'string') return fail(`${describeRaw(raw)} is not an email address`);
  const text = raw.trim();
  if (!EMAIL.test(text)) return fail(`${describeRaw(raw)} is not a valid email address`);
  const at = text.lastIndexOf('@');
  return ok(`${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`);
}

/** Salesforce multi-select picklists arrive as "a;b;c"; other CRMs send arrays. */
function coerceMultiText(raw: unknown): CoercionResult {
  let items: unknown[];
  if (typeof raw === 'string') items = raw.split(';');
  else if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'number' || typeof raw === 'boolean') items = [String(raw)];
  else return fail(`${describeRaw(raw)} is not a list of values`);
  const values: string[] = [];
  for (const item of items) {
    if (isEmpty(item)) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      return fail(`the list contains ${describeRaw(item)}, which is not text`);
    }
    if (typeof item === 'number' && !Number.isFinite(item)) return fail(`the list contains ${describeRaw(item)}, which is not text`);
    values.push(String(item).trim());
  }
  // A list of only empty items is an empty field, like the empty string.
  return ok(values.length > 0 ? values : null);
}

/** Text is kept exactly as written (no trimming): leading spaces may be meaningful in a note. */
function coerceText(raw: unknown): CoercionResult {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'boolean' || typeof raw === 'bigint') text = String(raw);
  else if (raw instanceof Date && !Number.isNaN(raw.getTime())) text = raw.toISOString();
  else return fail(`${describeRaw(raw)} cannot be stored as text`);
  if (text.length > MAX_TEXT_LENGTH) {
    return fail(`the text is ${text.length.toLocaleString('en-US')} characters long; text fields hold at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')}`);
  }
  return ok(text);
}
