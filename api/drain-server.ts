import type { Server } from 'node:http';

/** How often a draining server closes connections whose request has finished since the last look. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections and waits for the requests in flight to finish. Keep-alive
 * connections are closed as soon as they are idle, rather than after their keep-alive timeout, and
 * whatever still runs after `timeoutMs` is cut off, so one stuck request cannot hold a stop forever.
 */
export async function drainServer(server: Server, timeoutMs: number): Promise<{ cutOff: boolean }> {
  let cutOff = false;
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    cutOff = true;
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await new Promise<void>((resolve) => {
      // The only error close() reports is a server not listening, which is already drained.
      server.close(() => resolve());
    });
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
  return { cutOff };
}
