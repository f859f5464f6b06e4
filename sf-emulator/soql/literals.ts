import { addDays, addMonths, formatDate, formatDateTime, parseDateTime, startOfUtcDay } from '../datetime';
import { SfApiError } from '../errors';

/** A half-open interval [start, end) in epoch ms, what a date literal such as TODAY or LAST_N_DAYS:7 denotes. */
export interface DayRange {
  kind: 'range';
  startMs: number;
  endMs: number;
}

export type Literal = string | number | boolean | null | DayRange;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/**
 * Strips the quotes from a SOQL string literal and resolves its escapes. `\%` and `\_` stay escaped
 * because only LIKE gives them meaning.
 */
export function unquote(raw: string): string {
  const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i === body.length - 1) {
      out += c;
      continue;
    }
    const next = body[++i];
    out += next === '%' || next === '_' ? `\\${next}` : (ESCAPES[next] ?? next);
  }
  return out;
}

export function stripLikeEscapes(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += value[i] === '\\' && (value[i + 1] === '%' || value[i + 1] === '_') ? value[++i] : value[i];
  return out;
}

/** Date literals are evaluated in the org's time zone, which for the emulator is UTC. */
export function dateLiteralRange(literal: string, n: number | undefined, nowMs: number): DayRange {
  const today = startOfUtcDay(nowMs);
  const days = (from: number, to: number): DayRange => ({ kind: 'range', startMs: addDays(today, from), endMs: addDays(today, to) });
  const weekStart = addDays(today, -new Date(today).getUTCDay());
  const weeks = (from: number, to: number): DayRange => ({ kind: 'range', startMs: addDays(weekStart, from * 7), endMs: addDays(weekStart, to * 7) });
  const months = (from: number, to: number): DayRange => ({ kind: 'range', startMs: addMonths(today, from), endMs: addMonths(today, to) });
  const yearStart = Date.UTC(new Date(today).getUTCFullYear(), 0, 1);
  const years = (from: number, to: number): DayRange => ({ kind: 'range', startMs: addMonths(yearStart, from * 12), endMs: addMonths(yearStart, to * 12) });
  const name = literal.split(':')[0].toUpperCase();
  const count = n ?? 0;
  switch (name) {
    case 'TODAY': return days(0, 1);
    case 'YESTERDAY': return days(-1, 0);
    case 'TOMORROW': return days(1, 2);
    case 'LAST_N_DAYS': return days(-count, 1);
    case 'NEXT_N_DAYS': return days(1, count + 1);
    case 'N_DAYS_AGO': return days(-count, -count + 1);
    case 'LAST_90_DAYS': return days(-90, 1);
    case 'NEXT_90_DAYS': return days(1, 91);
    case 'THIS_WEEK': return weeks(0, 1);
    case 'LAST_WEEK': return weeks(-1, 0);
    case 'NEXT_WEEK': return weeks(1, 2);
    case 'LAST_N_WEEKS': return weeks(-count, 0);
    case 'NEXT_N_WEEKS': return weeks(1, count + 1);
    case 'THIS_MONTH': return months(0, 1);
    case 'LAST_MONTH': return months(-1, 0);
    case 'NEXT_MONTH': return months(1, 2);
    case 'LAST_N_MONTHS': return months(-count, 0);
    case 'NEXT_N_MONTHS': return months(1, count + 1);
    case 'THIS_YEAR': return years(0, 1);
    case 'LAST_YEAR': return years(-1, 0);
    case 'NEXT_YEAR': return years(1, 2);
    case 'LAST_N_YEARS': return years(-count, 0);
    case 'NEXT_N_YEARS': return years(1, count + 1);
    default:
      throw new SfApiError(400, 'MALFORMED_QUERY', `date literal ${literal} is not supported by the emulator`);
  }
}

/** Converts one parsed literal into a stored-value form: dates as `YYYY-MM-DD`, datetimes as Salesforce strings. */
export function convertLiteral(raw: string, literalType: string, n: number | undefined, nowMs: number): Literal {
  switch (literalType) {
    case 'NULL': return null;
    case 'STRING': return unquote(raw);
    case 'BOOLEAN': return raw.toUpperCase() === 'TRUE';
    case 'INTEGER':
    case 'DECIMAL': return Number(raw);
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX': return Number(raw.replace(/^[A-Za-z]{3}/, ''));
    case 'DATE': return formatDate(parseDateTime(raw));
    case 'DATETIME': {
      const ms = parseDateTime(raw);
      if (Number.isNaN(ms)) throw new SfApiError(400, 'MALFORMED_QUERY', `invalid datetime literal: ${raw}`);
      return formatDateTime(ms);
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': return dateLiteralRange(raw, n, nowMs);
    default:
      throw new SfApiError(400, 'MALFORMED_QUERY', `literal ${raw} (${literalType}) is not supported by the emulator`);
  }
}
