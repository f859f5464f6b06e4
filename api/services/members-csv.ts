import type { Response } from 'express';
import type { Models } from '../../domain/models';

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
 * not the whole list; stops reading when the client disconnects.
 */
export async function streamCsv(res: Response, filename: string, header: string[], rows: AsyncIterable<unknown[]>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]+/g, '_')}"`);
  res.write(csvLine(header));
  for await (const row of rows) {
    // A client that went away stops the export: leaving the loop closes the database cursor.
    if (res.destroyed) break;
    if (!res.write(csvLine(row))) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end();
}

/** Waits until the socket takes more, or is gone (then 'drain' would never come). */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Members of a list as CSV, streamed in email order: CRM id, type, then the list's fields. */
export async function streamMembersCsv(models: Pick<Models, 'ListMember'>, res: Response, list: { _id: unknown; name: string; fields: string[] }) {
  const listId = String(list._id);
  async function* rows() {
    for await (const m of models.ListMember.find({ listId }).sort({ emailKey: 1, crmId: 1 }).lean().cursor({ batchSize: 2000 })) {
      yield [m.crmId, m.type, ...list.fields.map((f) => m.values?.[f])];
    }
  }
  await streamCsv(res, `${list.name}.csv`, ['crmId', 'type', ...list.fields], rows());
}
