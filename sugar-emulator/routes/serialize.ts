import { fieldOf } from '../schema/modules';
import { linkOf } from '../schema/relationships';
import type { FieldDef, FieldValue, ModuleDef, Row } from '../schema/types';
import type { SugarStore } from '../store';

const TEXT_TYPES = new Set(['id', 'varchar', 'name', 'text', 'email', 'phone', 'url', 'enum', 'relate', 'fullname']);

/** A field's value as read, composing what Sugar composes on read: relate names and a target list's entry count. */
export function readField(store: SugarStore, module: ModuleDef, row: Row, def: FieldDef): FieldValue {
  if (def.type === 'relate' && def.module && def.idName) {
    const id = row[def.idName];
    const related = typeof id === 'string' && id ? store.get(def.module, id) : undefined;
    return related ? related[def.rname ?? 'name'] ?? null : null;
  }
  if (module.name === 'ProspectLists' && def.name === 'entry_count') return store.listMembers(row.id as string).length;
  return row[def.name] ?? null;
}

/** How the API writes a value: booleans as JSON booleans, int as numbers, multienum as arrays, empty text as "". */
function wireValue(def: FieldDef, value: FieldValue): unknown {
  if (def.type === 'bool') return value === true;
  if (def.type === 'multienum') return Array.isArray(value) ? value : [];
  if (value === null) return TEXT_TYPES.has(def.type) ? '' : null;
  return value;
}

/** The `email` collection field Sugar shows beside email1: the primary address and its flags. */
function emailCollection(row: Row): unknown[] {
  return typeof row.email1 === 'string' && row.email1
    ? [{ email_address: row.email1, primary_address: true, reply_to_address: false, invalid_email: false, opt_out: row.email_opt_out === true }]
    : [];
}

/**
 * A record as the REST API formats it: the asked-for fields (all when none were named) plus id and
 * date_modified, `_acl` and `_module`. Link fields are never formatted (read them through /link).
 */
export function formatRecord(store: SugarStore, module: ModuleDef, row: Row, fields: string[] | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const wanted = fields ? new Set(['id', 'date_modified', ...fields]) : undefined;
  const out: Record<string, unknown> = {};
  for (const def of module.fields) {
    if (def.type === 'link' || (wanted && !wanted.has(def.name))) continue;
    if (def.name === 'opportunity_role' && !('opportunity_role' in extra)) continue;
    out[def.name] = wireValue(def, readField(store, module, row, def));
  }
  if ('email1' in row && (!wanted || wanted.has('email'))) out.email = emailCollection(row);
  Object.assign(out, extra);
  out._acl = { fields: {} };
  out._module = module.name;
  return out;
}

/** `fields=a,b` (or an array, from a POST body) → names; unknown names are dropped, as FilterApi drops them. */
export function requestedFields(module: ModuleDef, raw: unknown): string[] | undefined {
  const names = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' && raw ? raw.split(',').map((s) => s.trim()) : undefined;
  if (!names) return undefined;
  return names.filter((name) => name === 'email' || (fieldOf(module, name) && !linkOf(module.name, name)));
}
