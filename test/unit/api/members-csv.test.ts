import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { streamCsv } from '../../../api/services/members-csv';

/** The CSV export's streaming on a real Express app over loopback. */
describe('streaming a CSV export', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  async function serve(rows: () => AsyncIterable<unknown[]>) {
    const app = express();
    app.get('/export', async (_req, res) => streamCsv(res, 'Spring list.csv', ['crmId', 'email'], rows()));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/export`;
  }

  it('writes every row with a header, a download name and spreadsheet formulas neutralised', async () => {
    const url = await serve(async function* () {
      yield ['003A', 'a@example.com'];
      yield ['003B', '=HYPERLINK("x")'];
      yield ['003C', null];
    });
    const res = await fetch(url);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Spring_list.csv"');
    expect(await res.text()).toBe('crmId,email\r\n003A,a@example.com\r\n003B,"\'=HYPERLINK(""x"")"\r\n003C,\r\n');
  });

  it('stops reading rows (and so closes the database cursor) when the client disconnects mid-export', async () => {
    let produced = 0;
    let closed = false;
    const url = await serve(async function* () {
      try {
        // Far more than the socket buffers hold: the export has to wait for the client to read.
        for (; produced < 1_000_000; produced++) yield [`003${produced}`, `${'x'.repeat(200)}@example.com`];
      } finally {
        closed = true;
      }
    });
    const leave = new AbortController();
    const res = await fetch(url, { signal: leave.signal });
    const reader = res.body!.getReader();
    await reader.read();
    leave.abort();
    for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(1_000_000);
  });
});
