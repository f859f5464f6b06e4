import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createErrorHandler } from '../../../api/error-handler';
import { createAdmissionGate, type AdmissionGate, type AdmissionGateOptions } from '../../../api/services/admission-gate';

/**
 * The admission limit in front of previews and exports, on a real Express app over loopback: each
 * request to /work/:name holds its slot until the test calls finish(name) (or fail(name)).
 */
function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

async function startApp(options: Partial<AdmissionGateOptions>) {
  const gate: AdmissionGate = createAdmissionGate({ atOnce: 2, maxWaiting: 10, maxWaitMs: 30_000, what: 'previews and exports', ...options });
  const pending = new Map<string, ReturnType<typeof deferred>>();
  const started: string[] = [];
  const logged: string[] = [];
  const app = express();
  app.use(express.json());
  app.all('/api/work/:name', gate.admitWhen((req) => req.query.skip !== '1'), async (req, res) => {
    const name = String(req.params.name);
    started.push(name);
    const d = deferred();
    pending.set(name, d);
    await d.promise;
    res.json({ name });
  });
  app.use(createErrorHandler({ showStacks: false, log: (line) => logged.push(line) }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
    if (!what()) throw new Error('condition not reached in 2 s');
  };
  return {
    gate,
    started,
    logged,
    request: (name: string, init: RequestInit = {}, query = '') => fetch(`${url}/api/work/${name}${query}`, init),
    finish: async (name: string) => {
      await until(() => pending.has(name));
      pending.get(name)!.resolve();
    },
    fail: async (name: string) => {
      await until(() => pending.has(name));
      pending.get(name)!.reject(new Error('boom'));
    },
    until,
    close: async () => {
      for (const d of pending.values()) d.resolve();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('admission gate for previews and exports', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  afterEach(async () => app?.close());

  it('runs at most atOnce together and admits the waiting ones in arrival order as slots free up', async () => {
    app = await startApp({ atOnce: 2 });
    const answers = ['a', 'b', 'c', 'd'].map((name) => app.request(name));
    await app.until(() => app.started.length === 2 && app.gate.state().waiting === 2);
    expect(app.started).toEqual(['a', 'b']);
    await app.finish('b');
    await app.until(() => app.started.length === 3);
    expect(app.started).toEqual(['a', 'b', 'c']);
    expect(app.gate.state()).toEqual({ running: 2, waiting: 1, atOnce: 2 });
    await app.finish('a');
    await app.finish('c');
    await app.finish('d');
    expect(await Promise.all(answers.map(async (r) => (await r).status))).toEqual([200, 200, 200, 200]);
    expect(app.gate.state()).toEqual({ running: 0, waiting: 0, atOnce: 2 });
  });

  it('refuses with 503, Retry-After and a message saying what to do when too many already wait', async () => {
    app = await startApp({ atOnce: 1, maxWaiting: 1 });
    const first = app.request('a');
    const second = app.request('b');
    await app.until(() => app.gate.state().waiting === 1);
    const refused = await app.request('c');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { message: string; details: unknown } };
    expect(body.error.message).toMatch(/^Too many previews and exports are running \(1 already waiting\); try again in \d+ s\.$/);
    expect(body.error.details).toEqual({ retryAfterSeconds: Number(refused.headers.get('retry-after')) });
    expect(app.logged).toEqual([]);
    await app.finish('a');
    await app.finish('b');
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
  });

  it('refuses a request that waited maxWaitMs, and the queue moves on without it', async () => {
    app = await startApp({ atOnce: 1, maxWaitMs: 200 });
    const first = app.request('a');
    await app.until(() => app.started.length === 1);
    const late = await app.request('b');
    expect(late.status).toBe(503);
    expect(((await late.json()) as { error: { message: string } }).error.message).toContain('waited 0.2 s');
    expect(app.gate.state()).toEqual({ running: 1, waiting: 0, atOnce: 1 });
    await app.finish('a');
    expect((await first).status).toBe(200);
    const next = app.request('c');
    await app.finish('c');
    expect((await next).status).toBe(200);
    expect(app.started).toEqual(['a', 'c']);
  });

  it('drops a client that disconnects while waiting: it never runs and its place goes to the next', async () => {
    app = await startApp({ atOnce: 1 });
    const first = app.request('a');
    await app.until(() => app.started.length === 1);
    const giveUp = new AbortController();
    const abandoned = app.request('b', { signal: giveUp.signal }).catch((err: Error) => err.name);
    const patient = app.request('c');
    await app.until(() => app.gate.state().waiting === 2);
    giveUp.abort();
    expect(await abandoned).toBe('AbortError');
    await app.until(() => app.gate.state().waiting === 1);
    await app.finish('a');
    await app.finish('c');
    expect([(await first).status, (await patient).status]).toEqual([200, 200]);
    expect(app.started).toEqual(['a', 'c']);
    expect(app.gate.state()).toEqual({ running: 0, waiting: 0, atOnce: 1 });
  });

  it('frees the slot when the handler fails or the client leaves mid-answer', async () => {
    app = await startApp({ atOnce: 1 });
    const failing = app.request('a');
    await app.fail('a');
    expect((await failing).status).toBe(500);
    const leaving = new AbortController();
    const left = app.request('b', { signal: leaving.signal }).catch((err: Error) => err.name);
    await app.until(() => app.started.includes('b'));
    leaving.abort();
    expect(await left).toBe('AbortError');
    await app.until(() => app.gate.state().running === 0);
    const after = app.request('c');
    await app.finish('c');
    expect((await after).status).toBe(200);
  });

  it('admits a POST whose JSON body was parsed before the gate (a parsed request is already destroyed)', async () => {
    app = await startApp({ atOnce: 1 });
    const first = app.request('a', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ listId: 'x' }) });
    const second = app.request('b', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ listId: 'y' }) });
    await app.finish('a');
    await app.finish('b');
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    expect(app.started).toEqual(['a', 'b']);
  });

  it('lets requests the gate does not pick pass straight through', async () => {
    app = await startApp({ atOnce: 1 });
    const held = app.request('a');
    await app.until(() => app.started.length === 1);
    const through = app.request('b', {}, '?skip=1');
    await app.finish('b');
    expect((await through).status).toBe(200);
    expect(app.gate.state()).toEqual({ running: 1, waiting: 0, atOnce: 1 });
    await app.finish('a');
    expect((await held).status).toBe(200);
  });

  it('tells its observer how each wait ended and how long it was: admitted at once, admitted after a wait, refused, left', async () => {
    const waits: [string, number][] = [];
    app = await startApp({ atOnce: 1, maxWaiting: 2, maxWaitMs: 300, observeWait: (outcome, seconds) => waits.push([outcome, seconds]) });
    const first = app.request('a');
    await app.until(() => app.started.length === 1);
    const patient = app.request('b');
    const giveUp = new AbortController();
    const abandoned = app.request('c', { signal: giveUp.signal }).catch((err: Error) => err.name);
    await app.until(() => app.gate.state().waiting === 2);
    expect((await app.request('d')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 100));
    giveUp.abort();
    expect(await abandoned).toBe('AbortError');
    await app.until(() => app.gate.state().waiting === 1);
    await app.finish('a');
    await app.finish('b');
    expect([(await first).status, (await patient).status]).toEqual([200, 200]);
    expect(waits.map(([outcome]) => outcome)).toEqual(['admitted', 'refused', 'left', 'admitted']);
    const [atOnce, refusedAtOnce, left, afterWait] = waits.map(([, seconds]) => seconds);
    expect({ atOnce, refusedAtOnce }).toEqual({ atOnce: 0, refusedAtOnce: 0 });
    expect(left).toBeGreaterThanOrEqual(0.1);
    expect(afterWait).toBeGreaterThanOrEqual(left);
  });
});
