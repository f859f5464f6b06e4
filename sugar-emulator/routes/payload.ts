import type { EmulatorContext } from '../context';
import { sugarErrors } from '../errors';
import { formatDateTime, isDateOnly } from '../org/datetime';
import { DROPDOWNS } from '../schema/dropdowns';
import { fieldOf } from '../schema/modules';
import type { FieldDef, FieldValue, ModuleDef } from '../schema/types';

type Fields = Record<string, FieldValue>;

const invalidValue = (module: ModuleDef, def: FieldDef, value: unknown) =>
  sugarErrors.invalidParameter(`Invalid value for field ${def.name} in module ${module.name}: ${JSON.stringify(value)}`);

function checkOption(module: ModuleDef, def: FieldDef, value: unknown): string {
  if (typeof value !== 'string' || !(value in (DROPDOWNS[def.options ?? ''] ?? {}))) throw invalidValue(module, def, value);
  return value;
}

/** `^a^,^b^` (how Sugar stores a multienum), an array, or one key → the selected keys. */
function multienumKeys(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : value.split(',').map((v) => v.replace(/^\^|\^$/g, ''));
  return [value];
}

/** A value in the store's terms, checked as Sugar's field types check it on save. */
function coerce(module: ModuleDef, def: FieldDef, value: unknown): FieldValue {
  if (value === null || (value === '' && def.type !== 'multienum')) return def.type === 'bool' ? false : null;
  switch (def.type) {
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) throw invalidValue(module, def, value);
      return n;
    }
    case 'decimal': case 'currency': {
      const n = Number(value);
      if ((typeof value !== 'number' && typeof value !== 'string') || Number.isNaN(n)) throw invalidValue(module, def, value);
      return n.toFixed(6);
    }
    case 'bool':
      if ([true, 1, '1', 'true', 'on'].includes(value as never)) return true;
      if ([false, 0, '0', 'false', 'off'].includes(value as never)) return false;
      throw invalidValue(module, def, value);
    case 'enum':
      return checkOption(module, def, value);
    case 'multienum':
      return multienumKeys(value).map((v) => checkOption(module, def, v));
    case 'date':
      if (typeof value !== 'string' || !isDateOnly(value) || Number.isNaN(Date.parse(value))) throw invalidValue(module, def, value);
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidValue(module, def, value);
      return formatDateTime(Date.parse(value));
    default: {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalidValue(module, def, value);
      const text = String(value);
      if (def.len && text.length > def.len) throw invalidValue(module, def, value);
      return text;
    }
  }
}

/**
 * A create or update body as store fields. As Sugar does, fields it does not know and fields it sets
 * itself (audit stamps, composed names, calculated fields) are ignored rather than refused; the emulator
 * counts them (`stats.ignoredFields`) so a test can see a connector writing into the void. The `email`
 * collection sets email1 from its primary address.
 */
export function parseRecordBody(ctx: EmulatorContext, module: ModuleDef, body: unknown, operation: 'create' | 'update'): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw sugarErrors.invalidParameter('The request body must be a JSON object.');
  const fields: Fields = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'email' && Array.isArray(value) && fieldOf(module, 'email1')) {
      const primary = (value as Array<Record<string, unknown>>).find((e) => e.primary_address === true || e.primary_address === '1') ?? (value[0] as Record<string, unknown> | undefined);
      fields.email1 = typeof primary?.email_address === 'string' ? primary.email_address : null;
      if (primary && 'opt_out' in primary) fields.email_opt_out = coerce(module, fieldOf(module, 'email_opt_out') as FieldDef, primary.opt_out);
      continue;
    }
    const def = fieldOf(module, key);
    if (key === 'id' && operation === 'create') continue;
    if (!def || def.type === 'link' || def.nonDb || def.readonly || def.calculated) {
      ctx.stats.countIgnoredField(module.name, key);
      continue;
    }
    fields[key] = coerce(module, def, value);
  }
  if (operation === 'create') {
    for (const def of module.fields) {
      if (def.required && !def.readonly && (fields[def.name] === undefined || fields[def.name] === null)) throw sugarErrors.missingParameter(`Missing parameter: ${def.name}`);
    }
  }
  return fields;
}
