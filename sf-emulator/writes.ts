import { formatDateTime, isDateOnly, parseDateTime } from './datetime';
import { SfApiError, recordError, type RecordError } from './errors';
import { keyPrefixOf, normalizeId } from './ids';
import { applyCreateDefaults } from './schema/defaults';
import { findField, findObject, type FieldDef, type FieldValue, type ObjectDef } from './schema';
import type { OrgStore } from './store';

type Changes = Record<string, FieldValue>;

/** A validated write, or the record-level error Salesforce would report for it. */
export type WritePlan =
  | { ok: true; object: ObjectDef; id?: string; changes: Changes }
  | { ok: false; id?: string; error: RecordError };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const IGNORED_KEYS = new Set(['attributes', 'Id', 'id']);

function parserError(type: string, value: unknown): SfApiError {
  const token = typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'number' ? 'VALUE_NUMBER_INT' : typeof value === 'boolean' ? `VALUE_${String(value).toUpperCase()}` : 'START_OBJECT';
  return new SfApiError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from ${token} value ${String(value)} or request may be missing a required field`);
}

/** Coerces a JSON value the way the REST API's deserializer does; a type mismatch fails the whole request. */
function coerce(field: FieldDef, value: unknown): FieldValue {
  if (value === null || value === undefined || value === '') return null;
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw parserError('boolean', value);
    case 'double': case 'currency': case 'percent': case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw parserError(field.type === 'int' ? 'int' : 'double', value);
      return n;
    }
    case 'date':
      if (typeof value === 'string' && isDateOnly(value.slice(0, 10)) && (value.length === 10 || !Number.isNaN(parseDateTime(value)))) return value.slice(0, 10);
      throw parserError('date', value);
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : NaN;
      if (Number.isNaN(ms)) throw parserError('datetime', value);
      return formatDateTime(ms);
    }
    default:
      if (typeof value === 'object') throw parserError('string', JSON.stringify(value));
      return String(value);
  }
}

function checkValue(store: OrgStore, field: FieldDef, value: FieldValue): RecordError | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string' && field.length && value.length > field.length && field.type !== 'reference') {
    return recordError('STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL.test(String(value))) {
    return recordError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${String(value)}`, [field.name]);
  }
  if (field.type === 'reference') {
    const id = normalizeId(String(value));
    const target = id && findObject(field.referenceTo.find((t) => findObject(t)?.keyPrefix === keyPrefixOf(id)) ?? '');
    if (!id || !target) return recordError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(value)}`, [field.name]);
    const parent = store.get(target.name, id);
    if (!parent || parent.IsDeleted) return recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
  }
  return undefined;
}

function buildChanges(store: OrgStore, object: ObjectDef, body: Record<string, unknown>, mode: 'create' | 'update'): Changes | RecordError {
  const changes: Changes = {};
  const readOnly: string[] = [];
  for (const [key, raw] of Object.entries(body)) {
    if (IGNORED_KEYS.has(key)) continue;
    const field = findField(object, key);
    if (!field) throw new SfApiError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`);
    if (mode === 'create' ? !field.createable : !field.updateable) {
      readOnly.push(field.name);
      continue;
    }
    changes[field.name] = coerce(field, raw);
  }
  if (readOnly.length) {
    return recordError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
  for (const [name, value] of Object.entries(changes)) {
    const problem = checkValue(store, findField(object, name) as FieldDef, value);
    if (problem) return problem;
  }
  const missing = object.fields.filter((f) => f.required && (mode === 'create' ? changes[f.name] == null : f.name in changes && changes[f.name] === null));
  if (missing.length) {
    return recordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`, missing.map((f) => f.name));
  }
  return changes;
}

function lookupObject(type: string): ObjectDef {
  const object = findObject(type);
  if (!object) throw new SfApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return object;
}

export function planCreate(store: OrgStore, type: string, body: Record<string, unknown>, userId: string): WritePlan {
  const object = lookupObject(type);
  const changes = buildChanges(store, object, body, 'create');
  if ('statusCode' in changes) return { ok: false, error: changes as RecordError };
  applyCreateDefaults(object, changes, userId);
  return { ok: true, object, changes: changes as Changes };
}

/** Validates an update; `id` may be 15 or 18 characters. */
export function planUpdate(store: OrgStore, type: string, rawId: string, body: Record<string, unknown>): WritePlan {
  const object = lookupObject(type);
  const id = normalizeId(rawId);
  if (!id || keyPrefixOf(id) !== object.keyPrefix) {
    return { ok: false, id: rawId, error: recordError('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']) };
  }
  const current = store.get(object.name, id);
  if (!current) return { ok: false, id, error: recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []) };
  if (current.IsDeleted) return { ok: false, id, error: recordError('ENTITY_IS_DELETED', 'entity is deleted', []) };
  const changes = buildChanges(store, object, body, 'update');
  if ('statusCode' in changes) return { ok: false, id, error: changes as RecordError };
  return { ok: true, object, id, changes: changes as Changes };
}

export function planDelete(store: OrgStore, rawId: string, type?: string): WritePlan {
  const id = normalizeId(rawId);
  const record = id ? store.getById(id) : undefined;
  const object = record && findObject(store.objectNameOf(record.Id) ?? '');
  if (!id || !record || !object || (type && object.name.toLowerCase() !== type.toLowerCase())) {
    return { ok: false, id: rawId, error: recordError(id ? 'INVALID_CROSS_REFERENCE_KEY' : 'MALFORMED_ID', id ? 'invalid cross reference id' : `malformed id ${rawId}`, []) };
  }
  if (record.IsDeleted) return { ok: false, id, error: recordError('ENTITY_IS_DELETED', 'entity is deleted', []) };
  return { ok: true, object, id, changes: {} };
}
