import { formatDateTime, isDateOnly, parseDateTime } from '../datetime';
import { recordError, type RecordError } from '../errors';
import type { FieldDef, FieldValue } from '../schema';

/** Bulk API's way of setting a field to null; an empty cell leaves the field as it is. */
export const CSV_NULL = '#N/A';

/** What one ingest cell asks for: leave the field alone, or write this value. */
export type CellValue = { kind: 'skip' } | { kind: 'set'; value: FieldValue };

const SKIP: CellValue = { kind: 'skip' };

function wrongType(field: FieldDef, raw: string): RecordError {
  return recordError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${raw}`, [field.name]);
}

/**
 * Reads an ingest cell as the Bulk API does: text stays text, booleans are true/false, numbers are
 * plain decimals, dates `YYYY-MM-DD` and datetimes ISO-8601 with `Z` or an offset. A value of the
 * wrong type fails only its record (INVALID_TYPE_ON_FIELD_IN_RECORD), never the job.
 */
export function readCell(field: FieldDef, raw: string): CellValue | RecordError {
  if (raw === '') return SKIP;
  if (raw === CSV_NULL) return { kind: 'set', value: null };
  switch (field.type) {
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      return lower === 'true' || lower === 'false' ? { kind: 'set', value: lower === 'true' } : wrongType(field, raw);
    }
    case 'double': case 'currency': case 'percent': case 'int': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) return wrongType(field, raw);
      return { kind: 'set', value: n };
    }
    case 'date': {
      const day = raw.trim().slice(0, 10);
      const ok = isDateOnly(day) && (raw.trim().length === 10 || !Number.isNaN(parseDateTime(raw)));
      return ok ? { kind: 'set', value: day } : wrongType(field, raw);
    }
    case 'datetime': {
      const ms = parseDateTime(raw);
      return Number.isNaN(ms) ? wrongType(field, raw) : { kind: 'set', value: formatDateTime(ms) };
    }
    default:
      return { kind: 'set', value: raw };
  }
}

/** A query result cell: null is empty, datetimes are written in UTC with `Z` as Bulk API 2.0 does. */
export function writeCell(field: FieldDef, value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (field.type === 'datetime' && typeof value === 'string') {
    const ms = parseDateTime(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  return String(value);
}
