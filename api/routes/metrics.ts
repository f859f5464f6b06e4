import crypto from 'node:crypto';
import { Router } from 'express';
import type { Registry } from 'prom-client';

/** Compares in constant time, so the token cannot be guessed a character at a time from response times. */
function sameToken(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * `GET /metrics` for Prometheus, before sessions: a scraper has no session, only the bearer token
 * the operator configured (CRM_SYNC_METRICS_TOKEN). Without a token the route does not exist.
 */
export function metricsRouter({ registry, token }: { registry: Registry; token: string }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!given || !sameToken(given, token)) {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: { status: 401, message: 'metrics need the bearer token set in CRM_SYNC_METRICS_TOKEN' } });
      return;
    }
    res.set('content-type', registry.contentType).set('cache-control', 'no-store').send(await registry.metrics());
  });
  return router;
}
