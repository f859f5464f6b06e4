import express from 'express';
import request from 'supertest';
import { healthRouter, type HealthDeps } from '../../../api/routes/health';

/** The routes alone, over stand-ins for the database and Temporal whose answers each test chooses. */
function appWith(options: { database?: () => Promise<unknown>; temporal?: () => Promise<unknown>; stopping?: boolean; log?: string[] }) {
  const models = {
    get db() {
      return { db: { admin: () => ({ ping: options.database ?? (() => Promise.resolve({ ok: 1 })) }) } };
    },
  } as unknown as HealthDeps['models'];
  const temporal = {
    connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    workflowService: { getSystemInfo: options.temporal ?? (() => Promise.resolve({})) },
  } as unknown as HealthDeps['temporal'];
  const app = express();
  app.use(healthRouter({ models, temporal, isStopping: () => options.stopping ?? false, probeTimeoutMs: 300, log: (line) => options.log?.push(line) }));
  return app;
}

describe('health endpoints', () => {
  it('/healthz answers alive without touching the database', async () => {
    const untouchable = {
      get db(): never {
        throw new Error('the liveness check touched the database');
      },
    };
    const app = express();
    app.use(healthRouter({ models: untouchable, temporal: {} as HealthDeps['temporal'] }));
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz is 200 when the database and Temporal both answer', async () => {
    const res = await request(appWith({})).get('/readyz').expect(200);
    expect(res.body).toEqual({ ready: true, checks: { database: 'ok', temporal: 'ok' } });
  });

  it('/readyz is 503 naming the database when it does not answer, and logs why', async () => {
    const log: string[] = [];
    const res = await request(appWith({ database: () => Promise.reject(new Error('connection closed')), log })).get('/readyz').expect(503);
    expect(res.body).toEqual({ ready: false, checks: { database: 'unreachable', temporal: 'ok' } });
    expect(log).toEqual(['readiness: database unreachable: connection closed']);
  });

  it('/readyz is 503 naming Temporal when it hangs past the deadline', async () => {
    const res = await request(appWith({ temporal: () => new Promise(() => {}) })).get('/readyz').expect(503);
    expect(res.body).toEqual({ ready: false, checks: { database: 'ok', temporal: 'timeout' } });
  });

  it('/readyz is 503 once the process is stopping, so the load balancer stops sending it requests', async () => {
    const res = await request(appWith({ stopping: true })).get('/readyz').expect(503);
    expect(res.body).toEqual({ ready: false, stopping: true });
  });
});
