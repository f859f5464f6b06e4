import type { Response } from 'express';

/**
 * Spreadsheet programs run cells that start with = + - @ as formulas; a CRM value is data, so such
 * cells get a leading apostrophe (OWASP's advice for CSV injection).
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Streams rows as CSV, waiting for the socket to drain so a large export holds one batch in memory,
 * not the whole list.
 */
export async function streamCsv(res: Response, filename: string, header: string[], rows: AsyncIterable<unknown[]>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]+/g, '_')}"`);
  res.write(csvLine(header));
  for await (const row of rows) {
    if (!res.write(csvLine(row))) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
