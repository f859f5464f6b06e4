import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface ListeningEmulator {
  server: Server;
  port: number;
  /** e.g. http://127.0.0.1:54321 */
  url: string;
}

/** Starts an emulator's app on 127.0.0.1 (port 0: any free one). */
export async function listenOnLoopback(app: Express, port = 0): Promise<ListeningEmulator> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Keep-alive sockets (HTTP clients' agents keep them) would otherwise hold close() open.
  server.keepAliveTimeout = 1000;
  const bound = (server.address() as AddressInfo).port;
  return { server, port: bound, url: `http://127.0.0.1:${bound}` };
}

/** Stops listening and drops open connections; `beforeClose` stops the emulator's own timers first. */
export function closeServer(server: Server, beforeClose?: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    beforeClose?.();
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
