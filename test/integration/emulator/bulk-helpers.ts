import type { Connection } from 'jsforce';
import type { RunningEmulator } from '../../../sf-emulator';

type IngestJob = ReturnType<Connection['bulk2']['createJob']>;

/** Polls a closed ingest job until it is done, recording every state seen on the way. */
export async function pollIngest(job: IngestJob, timeoutMs = 10_000): Promise<{ states: string[]; info: Awaited<ReturnType<IngestJob['check']>> }> {
  const states: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await job.check();
    if (states[states.length - 1] !== info.state) states.push(info.state);
    if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return { states, info };
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${info.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw REST call with the connection's token, for what jsforce does not expose (headers, raw bodies). */
export async function rawRequest(emu: RunningEmulator, conn: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { Authorization: `Bearer ${conn.accessToken}`, ...(init.headers as Record<string, string> | undefined) };
  return fetch(`${emu.url}/services/data/v59.0${path}`, { ...init, headers });
}

/** Minimal CSV reader for assertions: quoted cells, doubled quotes, line breaks inside quotes. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}
