import type { FieldType } from '../mapping/field-types';

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A constant from a form or JSON body in the form a member value of that marketing type takes
 * (member-values.ts): numbers for Score/Number, booleans, 'YYYY-MM-DD' days, ISO datetimes, string
 * arrays for MultiText. Coerced once when the program is saved, so a run compares like with like
 * and "write only where the value differs" holds.
 */
export function coerceConstant(type: FieldType, value: unknown): Coerced {
  switch (type) {
    case 'Score':
    case 'Number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `must be a number for a ${type} field` };
    }
    case 'Boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, message: 'must be true or false for a Boolean field' };
    case 'Date':
      return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? { ok: true, value } : { ok: false, message: 'must be a day YYYY-MM-DD for a Date field' };
    case 'Datetime': {
      const at = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(at) ? { ok: false, message: 'must be an ISO-8601 date and time for a Datetime field' } : { ok: true, value: new Date(at).toISOString() };
    }
    case 'MultiText': {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(';') : null;
      if (!items || !items.every((i) => typeof i === 'string')) return { ok: false, message: 'must be a list of texts for a MultiText field' };
      return { ok: true, value: items.map((i) => i.trim()).filter(Boolean) };
    }
    default:
      return typeof value === 'string' || typeof value === 'number' ? { ok: true, value: String(value) } : { ok: false, message: `must be a text for a ${type} field` };
  }
}

/** Types a copy may cross: numbers to numbers, texts to texts; anything else would need a conversion rule nobody chose. */
export function canCopy(from: FieldType, to: FieldType): boolean {
  const family = (t: FieldType) => (t === 'Score' || t === 'Number' ? 'number' : t === 'Text' || t === 'Email' ? 'text' : t);
  return family(from) === family(to);
}
