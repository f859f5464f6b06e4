import net from 'node:net';

/** Asks the kernel for a free port on loopback. The port is released before it is used,
 * so a caller that loses the race simply fails to bind and reports it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the kernel assigned'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** The preferred port when nothing holds it (stable addresses across restarts), else any free one. */
export async function preferredOrFreePort(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? preferred : findFreePort();
}
