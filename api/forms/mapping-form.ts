/**
 * The mapping editor's HTML form: one row per mapping entry, flat field names
 * (`rows[3][crmField]`, the app parses forms with `extended: false`), blank rows for adding.
 * Rows become the input parseConnectionMapping takes, so the form and the JSON API share every rule.
 */
import { CONFLICT_RULES, type ConflictRule } from '../../domain/mapping/conflict-rules';
import { CRM_OBJECTS, type ConnectionMapping, type CrmDescribe, type FieldMappingEntry } from '../../domain/mapping/mapping';

export type AllowPushChoice = 'default' | 'allow' | 'deny';

export interface MappingFormRow {
  /** As posted: 'Lead' or 'Contact' unless the form was tampered with, which the mapping's parser reports. */
  crmObject: string;
  crmField: string;
  /** '' (nothing chosen), 'standard:<field>' or 'custom'. */
  target: string;
  customName: string;
  /** '' or a FieldType; only read when target is 'custom'. */
  customType: string;
  allowPush: AllowPushChoice;
  /** '' follows the field's default rule (conflict-rules.ts). */
  conflictRule: '' | ConflictRule;
  blankClears: boolean;
  remove: boolean;
}

/**
 * Blank rows offered per CRM object: each row's object is fixed, so its field picker needs no script.
 * A row posts six or seven fields and the app's form parser takes at most 1,000, so one save holds
 * about 140 rows; more than any Lead/Contact mapping we have seen, and the JSON API has no such limit.
 */
export const BLANK_ROWS_PER_OBJECT = 2;

const ROW_KEY = /^rows\[(\d{1,4})\]\[(crmObject|crmField|target|customName|customType|allowPush|conflictRule|blankClears|remove)\]$/;

function allowPushChoice(entry: FieldMappingEntry): AllowPushChoice {
  if (entry.allowPush === undefined) return 'default';
  return entry.allowPush ? 'allow' : 'deny';
}

export function rowsFromMapping(mapping: ConnectionMapping): MappingFormRow[] {
  return mapping.entries.map((entry) => ({
    crmObject: entry.crmObject,
    crmField: entry.crmField,
    target: entry.target.kind === 'standard' ? `standard:${entry.target.field}` : 'custom',
    customName: entry.target.kind === 'custom' ? entry.target.name : '',
    customType: entry.target.kind === 'custom' ? entry.target.type : '',
    allowPush: allowPushChoice(entry),
    conflictRule: entry.conflictRule ?? '',
    blankClears: entry.blankClears === true,
    remove: false,
  }));
}

/**
 * What a connection without a saved mapping starts from: each object's email field (by type, so it
 * does not depend on one CRM's naming) mapped to the email field, which every mapping needs.
 */
export function suggestedRows(describe: CrmDescribe | undefined): MappingFormRow[] {
  if (!describe) return [];
  return CRM_OBJECTS.flatMap((crmObject) => {
    const emails = describe[crmObject].filter((f) => f.type.toLowerCase() === 'email');
    const field = emails.find((f) => f.name.toLowerCase() === 'email') ?? emails[0];
    return field ? [{ crmObject, crmField: field.name, target: 'standard:email', customName: '', customType: '', allowPush: 'default' as const, conflictRule: '' as const, blankClears: false, remove: false }] : [];
  });
}

export function blankRows(): MappingFormRow[] {
  return CRM_OBJECTS.flatMap((crmObject) =>
    Array.from({ length: BLANK_ROWS_PER_OBJECT }, () => ({ crmObject, crmField: '', target: '', customName: '', customType: '', allowPush: 'default' as const, conflictRule: '' as const, blankClears: false, remove: false })),
  );
}

export function isBlankRow(row: MappingFormRow): boolean {
  return row.crmField.trim() === '' && row.target === '' && row.customName.trim() === '';
}

const isScoreRow = (row: MappingFormRow) => row.target === 'custom' && row.customType === 'Score';

function targetInput(row: MappingFormRow): unknown {
  if (row.target === 'custom') return { kind: 'custom', name: row.customName.trim(), type: row.customType || undefined };
  if (row.target.startsWith('standard:')) return { kind: 'standard', field: row.target.slice('standard:'.length) };
  return undefined;
}

function entryInput(row: MappingFormRow): unknown {
  // A Score is always pushed (push-policy.ts), so its row offers no choice and stores none.
  const allowPush = isScoreRow(row) || row.allowPush === 'default' ? undefined : row.allowPush === 'allow';
  return {
    crmObject: row.crmObject,
    crmField: row.crmField,
    target: targetInput(row),
    ...(allowPush === undefined ? {} : { allowPush }),
    ...(row.conflictRule === '' ? {} : { conflictRule: row.conflictRule }),
    ...(row.blankClears ? { blankClears: true } : {}),
  };
}

export interface ReadMappingForm {
  /** Every submitted row that is not blank, in form order, removed ones included (shown again if the save is refused). */
  rows: MappingFormRow[];
  pushDefault: string;
  /** The mapping input for parseConnectionMapping: rows neither blank nor removed. */
  input: unknown;
  /** For entry i of the input, its index in `rows`, so a problem at `entries[i]` is shown at its row. */
  entryRows: number[];
}

/**
 * Reads the posted form. Values are taken as strings only (a repeated key would arrive as an array);
 * anything else reads as empty and is then reported by the mapping's own rules.
 */
export function readMappingForm(body: unknown): ReadMappingForm {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(fields)) {
    const match = ROW_KEY.exec(key);
    if (!match || typeof value !== 'string') continue;
    const index = Number(match[1]);
    byIndex.set(index, { ...byIndex.get(index), [match[2] as string]: value });
  }
  const rows = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, raw]): MappingFormRow => ({
      crmObject: raw.crmObject ?? '',
      crmField: raw.crmField ?? '',
      target: raw.target ?? '',
      customName: raw.customName ?? '',
      customType: raw.customType ?? '',
      allowPush: raw.allowPush === 'allow' || raw.allowPush === 'deny' ? raw.allowPush : 'default',
      conflictRule: (CONFLICT_RULES as readonly string[]).includes(raw.conflictRule ?? '') ? (raw.conflictRule as ConflictRule) : '',
      blankClears: raw.blankClears !== undefined,
      remove: raw.remove !== undefined,
    }))
    .filter((row) => !isBlankRow(row));
  const entryRows = rows.flatMap((row, index) => (row.remove ? [] : [index]));
  const pushDefault = typeof fields.pushDefault === 'string' ? fields.pushDefault : '';
  return { rows, pushDefault, entryRows, input: { entries: entryRows.map((index) => entryInput(rows[index] as MappingFormRow)), pushPolicy: { default: pushDefault } } };
}
