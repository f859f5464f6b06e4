/**
 * CSV as Bulk API 2.0 speaks it: RFC 4180 quoting (quotes doubled, delimiters and line breaks inside
 * quoted values), one of six column delimiters, and the line ending the job declared.
 */
export type ColumnDelimiter = 'BACKQUOTE' | 'CARET' | 'COMMA' | 'PIPE' | 'SEMICOLON' | 'TAB';
export type LineEnding = 'LF' | 'CRLF';

export interface CsvFormat {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

export const COLUMN_DELIMITERS: Record<ColumnDelimiter, string> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

export const LINE_ENDINGS: Record<LineEnding, string> = { LF: '\n', CRLF: '\r\n' };

/** Malformed job data; Salesforce fails the whole job with a `ClientInputError` message. */
export class CsvFormatError extends Error {}

/**
 * Rows of cells. A line break outside quotes must be the declared one: a CR before an LF in an LF
 * job (or a bare LF in a CRLF job) is the mismatch Salesforce reports as "LineEnding is invalid".
 */
export function parseCsv(text: string, format: CsvFormat): string[][] {
  const delimiter = COLUMN_DELIMITERS[format.columnDelimiter];
  const crlf = format.lineEnding === 'CRLF';
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let cellStarted = false;
  const badEnding = () =>
    new CsvFormatError(`ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${format.lineEnding}`);
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
    cellStarted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (input[i + 1] === '"') (cell += '"', i++);
      else quoted = false;
      continue;
    }
    if (ch === '"') {
      if (cellStarted && cell !== '') throw new CsvFormatError(`ClientInputError : a quote must start the value it encloses (row ${rows.length + 1})`);
      quoted = true;
      cellStarted = true;
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
      cellStarted = false;
    } else if (ch === '\r' && input[i + 1] === '\n') {
      if (!crlf) throw badEnding();
      endRow();
      i++;
    } else if (ch === '\n') {
      if (crlf) throw badEnding();
      endRow();
    } else {
      cell += ch;
      cellStarted = true;
    }
  }
  if (quoted) throw new CsvFormatError('ClientInputError : a quoted value is not closed at the end of the data');
  if (cellStarted || row.length) endRow();
  return rows;
}

/** Every value quoted, as Salesforce writes result files; an empty cell is an empty quoted string. */
export function formatCsv(rows: readonly (readonly string[])[], format: CsvFormat): string {
  const delimiter = COLUMN_DELIMITERS[format.columnDelimiter];
  const ending = LINE_ENDINGS[format.lineEnding];
  return rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(delimiter) + ending).join('');
}
