import type { CrmFieldValue, RecordUpdate, RecordWriteError } from '../connector';

/** Salesforce caps one upload at 150 MB of base64, about 100 MB of CSV; stay clear of it. */
const MAX_UPLOAD_BYTES = 90_000_000;
/** Bulk API's null: an empty cell would leave the field unchanged instead of clearing it. */
const CSV_NULL = '#N/A';
/** The Id column is written from the record's id; a field map never sets it (or jsforce's `attributes`). */
const isReserved = (name: string) => name.toLowerCase() === 'id' || name === 'attributes';

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * A field value as an update cell. A field a record does not name stays empty, which Bulk API reads
 * as "leave unchanged"; null and '' clear the field, as they do through the REST API.
 */
function cell(value: CrmFieldValue | undefined): string {
  if (value === undefined) return '';
  if (value === null || value === '') return CSV_NULL;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(String(value));
}

/** Columns are Id plus every field any record names, in first-seen order. */
function columnsOf(records: RecordUpdate[]): string[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.fields)) if (!isReserved(name)) names.add(name);
  return [...names];
}

/**
 * The CSV of update jobs (LF line endings, comma-delimited), cut into jobs of at most `maxRecords`
 * records and ~90 MB each. Every job carries the same header; unnamed fields stay empty.
 */
export function buildUpdateCsv(records: RecordUpdate[], maxRecords: number): Array<{ records: RecordUpdate[]; csv: string }> {
  const columns = columnsOf(records);
  const header = `${['Id', ...columns].map(quote).join(',')}\n`;
  const jobs: Array<{ records: RecordUpdate[]; csv: string }> = [];
  let batch: RecordUpdate[] = [];
  let lines: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (batch.length) jobs.push({ records: batch, csv: header + lines.join('') });
    batch = [];
    lines = [];
    bytes = Buffer.byteLength(header);
  };
  flush();
  for (const record of records) {
    const line = `${[quote(record.id), ...columns.map((name) => cell(record.fields[name]))].join(',')}\n`;
    const size = Buffer.byteLength(line);
    if (batch.length >= maxRecords || bytes + size > MAX_UPLOAD_BYTES) flush();
    batch.push(record);
    lines.push(line);
    bytes += size;
  }
  flush();
  return jobs;
}

/**
 * `sf__Error` is `CODE:message:fields --` (e.g. `REQUIRED_FIELD_MISSING:Required fields are missing:
 * [LastName]:LastName --`, or `CODE:message:--` without fields); the message itself may contain
 * colons, so the fields are what follows the last one.
 */
export function parseBulkError(raw: string): RecordWriteError {
  const match = /^([A-Z][A-Z0-9_]*):([\s\S]*)$/.exec(raw.trim());
  if (!match) return { code: 'UNKNOWN_EXCEPTION', message: raw, fields: [] };
  const [, code, rest] = match;
  if (!/\s*--$/.test(rest)) return { code, message: rest, fields: [] };
  const body = rest.replace(/\s*--$/, '');
  const last = body.lastIndexOf(':');
  if (last < 0) return { code, message: body, fields: [] };
  const fields = body.slice(last + 1).split(',').map((f) => f.trim()).filter(Boolean);
  return { code, message: body.slice(0, last), fields };
}
