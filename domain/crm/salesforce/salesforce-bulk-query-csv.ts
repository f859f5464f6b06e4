/**
 * Parses Bulk API 2.0 query results: comma-delimited, every value quoted or not, quotes doubled,
 * line breaks (LF or CRLF) allowed inside quoted values. One pass over the text, no copies per cell.
 */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let started = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (input[i + 1] === '"') (cell += '"', i++);
      else quoted = false;
    } else if (ch === '"') {
      quoted = true;
      started = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      started = true;
    } else if (ch === '\n' || (ch === '\r' && input[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      started = false;
    } else {
      cell += ch;
      started = true;
    }
  }
  if (started || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
