import { createHash } from 'node:crypto';
import { sugarErrors } from '../errors';
import { DROPDOWNS } from '../schema/dropdowns';
import { MODULES, fieldOf } from '../schema/modules';
import type { FieldDef, ModuleDef } from '../schema/types';
import { jsonResponse, type ApiRequest, type ApiResponse } from './api-request';

const hashOf = (value: unknown) => createHash('md5').update(JSON.stringify(value)).digest('hex');

/** A vardef as the metadata API serves it (label keys, not labels: those come from /lang). */
function vardef(def: FieldDef): Record<string, unknown> {
  const out: Record<string, unknown> = { name: def.name, vname: def.vname, type: def.type };
  if (def.len !== undefined) out.len = def.len;
  if (def.required) out.required = true;
  if (def.options) out.options = def.options;
  if (def.type === 'multienum') out.isMultiSelect = true;
  if (def.calculated) Object.assign(out, { calculated: true, formula: def.formula, enforced: true });
  if (def.readonly) out.readonly = true;
  if (def.source) out.source = def.source;
  if (def.module) out.module = def.module;
  if (def.idName) out.id_name = def.idName;
  if (def.rname) out.rname = def.rname;
  if (def.relationship) out.relationship = def.relationship;
  if (def.source === 'custom_fields') out.custom_module = '';
  return out;
}

function moduleMetadata(module: ModuleDef): Record<string, unknown> {
  const fields = Object.fromEntries(module.fields.map((def) => [def.name, def.source === 'custom_fields' ? { ...vardef(def), custom_module: module.name } : vardef(def)]));
  const body = { fields, table: module.table };
  return { ...body, _hash: hashOf(body) };
}

const list = (raw: unknown) => (typeof raw === 'string' && raw ? raw.split(',').map((s) => s.trim()) : undefined);

/**
 * `GET metadata?type_filter=modules[,full_module_list]&module_filter=Contacts,Leads`: field definitions
 * per module (type, len, required, options = the dropdown list's name, calculated + formula). Sections
 * the emulator does not model are left out rather than served empty.
 */
export function metadata(req: ApiRequest): ApiResponse {
  const types = list(req.query.type_filter) ?? ['modules', 'full_module_list'];
  const names = list(req.query.module_filter);
  const modules = MODULES.filter((m) => !names || names.includes(m.name));
  const out: Record<string, unknown> = {};
  if (types.includes('modules')) out.modules = Object.fromEntries(modules.map((m) => [m.name, moduleMetadata(m)]));
  if (types.includes('full_module_list')) out.full_module_list = Object.fromEntries(MODULES.map((m) => [m.name, m.name]));
  out._hash = hashOf(out);
  return jsonResponse(200, out);
}

/** `GET lang/en_us`: the labels behind vardefs' `vname`s (mod_strings) and every dropdown's key → label (app_list_strings). */
export function language(lang: string): ApiResponse {
  if (lang !== 'en_us') throw sugarErrors.notFound(`Could not find language ${lang}`);
  const modStrings = Object.fromEntries(MODULES.map((m) => [m.name, Object.fromEntries(m.fields.map((def) => [def.vname, def.label]))]));
  const body = { app_list_strings: DROPDOWNS, app_strings: {}, mod_strings: modStrings };
  return jsonResponse(200, { ...body, _hash: hashOf(body) });
}

/** `GET <module>/enum/:field`: the dropdown of an enum or multienum field, key → label. */
export function enumOptions(module: ModuleDef, field: string): ApiResponse {
  const def = fieldOf(module, field);
  if (!def || !def.options) throw sugarErrors.notFound(`field not found or has no options: ${field}`);
  return jsonResponse(200, DROPDOWNS[def.options] ?? {});
}
