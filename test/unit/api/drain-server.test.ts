import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainServer } from '../../../api/drain-server';

/** A server whose every request waits until the test calls release(); a keep-alive agent like a proxy's. */
async function startSlowServer() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server: Server = http.createServer((_req, res) => {
    arrived();
    void released.then(() => res.end('done'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true });
  const get = () =>
    new Promise<{ status?: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  return { server, release, requestArrived, get, agent };
}

describe('draining the API server on stop', () => {
  it('refuses new connections at once, lets the request in flight finish, then resolves without cutting anything off', async () => {
    const s = await startSlowServer();
    const inFlight = s.get();
    await s.requestArrived;
    const started = Date.now();
    const drained = drainServer(s.server, 10_000);

    await expect(s.get()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    s.release();
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    // The finished request's keep-alive connection is closed at once, not after its keep-alive timeout.
    expect(await drained).toEqual({ cutOff: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    s.agent.destroy();
  });

  it('cuts off a request still running at the end of the grace time', async () => {
    const s = await startSlowServer();
    const inFlight = s.get();
    await s.requestArrived;
    const started = Date.now();
    expect(await drainServer(s.server, 300)).toEqual({ cutOff: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
    s.release();
    s.agent.destroy();
  });
});
