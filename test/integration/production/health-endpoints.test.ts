import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { findFreePort } from '../../../dev-services/free-port';
import { buildTestApp, type AppUnderTest } from '../../harness/app-under-test';

describe('health endpoints against the real database and Temporal', () => {
  let t: AppUnderTest;
  let unreachable: AppUnderTest;
  let deadConnection: Connection;

  beforeAll(async () => {
    t = await buildTestApp('health');
    // Nothing listens on a port just found free: Temporal at that address is down. Without the
    // SDK's retries the refusal is immediate, and no retry is left pending when the test closes it.
    deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}`, interceptors: [] });
    unreachable = await buildTestApp('health_down', { models: t.models, temporal: new Client({ connection: deadConnection }) });
  });
  afterAll(async () => {
    await unreachable?.close();
    await deadConnection?.close();
    await t?.close();
  });

  it('are public: no sign-in, no session cookie', async () => {
    const alive = await request(t.app).get('/healthz').expect(200);
    expect(alive.body).toEqual({ ok: true });
    expect(alive.headers['set-cookie']).toBeUndefined();
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({ ready: true, checks: { database: 'ok', temporal: 'ok' } });
    expect(ready.headers['set-cookie']).toBeUndefined();
  });

  it('/readyz answers 503 naming Temporal when it is down, while /healthz still says alive', async () => {
    const started = Date.now();
    const res = await request(unreachable.app).get('/readyz').expect(503);
    expect(res.body).toEqual({ ready: false, checks: { database: 'ok', temporal: 'unreachable' } });
    // Bounded by the probe deadline, well under a load balancer's probe timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    await request(unreachable.app).get('/healthz').expect(200);
  });
});
