import type { CrmFieldValue, CrmRecord } from '../connector';

/** What the connector needs to know of a table to read and write it (from EntityDefinitions). */
export interface TableInfo {
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  displayName: string;
  changeTracking: boolean;
}

/** The choice and multi-select choice columns of a table (from its attribute metadata). */
export interface ChoiceColumns {
  choice: ReadonlySet<string>;
  multiSelect: ReadonlySet<string>;
}

export const NO_CHOICE_COLUMNS: ChoiceColumns = { choice: new Set(), multiSelect: new Set() };

export function choiceColumnsOf(attributes: { LogicalName: string; AttributeType?: string; AttributeTypeName?: { Value?: string } }[]): ChoiceColumns {
  const choice = new Set<string>();
  const multiSelect = new Set<string>();
  for (const a of attributes) {
    if (a.AttributeTypeName?.Value === 'MultiSelectPicklistType') multiSelect.add(a.LogicalName);
    else if (a.AttributeType === 'Picklist' || a.AttributeType === 'State' || a.AttributeType === 'Status') choice.add(a.LogicalName);
  }
  return { choice, multiSelect };
}

/**
 * Choice values in the core's canonical picklist form: the option value as text ("100000001"), the
 * values describe offers; multi-select choices ';'-joined ("100000000;100000002") as Salesforce's
 * multi-select picklists are, where Dataverse sends "100000000,100000002". Labels are left to
 * describe (per-language and renamable: a saved segment keeps the value).
 */
function toCanonicalChoice(name: string, value: CrmFieldValue, columns: ChoiceColumns): CrmFieldValue {
  if (value === null) return null;
  if (columns.choice.has(name) && typeof value === 'number') return String(value);
  if (columns.multiSelect.has(name) && typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean).join(';');
  return value;
}

/** The reverse for writes: a choice as the integer Dataverse takes, a multi-select ','-joined. */
export function toDataverseFields(fields: Record<string, CrmFieldValue>, columns: ChoiceColumns): Record<string, CrmFieldValue> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => {
      if (value === null || value === '') return [name, columns.choice.has(name) || columns.multiSelect.has(name) ? null : value];
      if (columns.choice.has(name) && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return [name, Number(value.trim())];
      if (columns.multiSelect.has(name) && typeof value === 'string') return [name, value.split(';').map((v) => v.trim()).filter(Boolean).join(',')];
      return [name, value];
    }),
  );
}

/** The stamp every Dataverse table carries; whole seconds, so keysets break ties by the primary id. */
export const STAMP_FIELD = 'modifiedon';

/**
 * One value as the core stores it. dynamics-web-api revives dates into Date objects: they go back to
 * ISO-8601 text. Two-option columns stay booleans, lookups stay `_x_value` GUID strings; choices are
 * made canonical by toCanonicalChoice.
 */
function toFieldValue(value: unknown): CrmFieldValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // A list or object where a scalar belongs stays one field, as JSON text, so coercion can refuse it per record.
  return JSON.stringify(value);
}

function toStamp(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string') return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** A Web API row as a CrmRecord: OData annotations (`@odata.etag`, `x@OData.Community…`) left out. */
export function toCrmRecord(table: TableInfo, row: Record<string, unknown>, columns: ChoiceColumns = NO_CHOICE_COLUMNS): CrmRecord {
  const fields: Record<string, CrmFieldValue> = {};
  for (const [name, value] of Object.entries(row)) {
    if (name.includes('@') || name.startsWith('oData')) continue;
    fields[name] = toCanonicalChoice(name, toFieldValue(value), columns);
  }
  const id = row[table.primaryId];
  return { id: typeof id === 'string' ? id.toLowerCase() : '', fields, systemModstamp: toStamp(row[STAMP_FIELD]) };
}

/** The columns to $select: the ones asked for, the primary id and the stamp, each once. */
export function selectedColumns(table: TableInfo, fields: readonly string[]): string[] {
  return [...new Set([table.primaryId, STAMP_FIELD, ...fields])];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GUIDs are written into $filter text unquoted: anything else is refused before it reaches a URL. */
export function assertGuid(id: string): string {
  if (!GUID.test(id)) throw new Error(`'${id}' is not a Dataverse id (a GUID)`);
  return id.toLowerCase();
}

/** An ISO-8601 instant as an OData DateTimeOffset literal, refusing anything that is not one. */
export function dateLiteral(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`'${iso}' is not a date and time`);
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
