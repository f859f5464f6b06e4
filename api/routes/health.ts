import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Models } from '../../domain/models';
import { pingDatabase } from '../services/database-health';
import { checkReadiness } from '../services/readiness';
import { pingTemporal } from '../services/temporal-health';

/** Well under the usual 5 s probe timeout of load balancers and orchestrators. */
const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export interface HealthDeps {
  models: Pick<Models, 'db'>;
  temporal: Pick<Client, 'connection' | 'workflowService'>;
  /** True once the process has been told to stop: it drains, and asks to be taken out of rotation. */
  isStopping?: () => boolean;
  probeTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Public, before sessions: `/healthz` says the process is alive and touches nothing (a database
 * outage must not get every API process restarted); `/readyz` says whether it can serve now, i.e.
 * the database and Temporal both answer, and 503 names the one that does not.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  const timeoutMs = deps.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const log = deps.log ?? ((line: string) => console.error(line));
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (deps.isStopping?.()) {
      res.status(503).json({ ready: false, stopping: true });
      return;
    }
    const readiness = await checkReadiness(
      { database: () => pingDatabase(deps.models), temporal: () => pingTemporal(deps.temporal, timeoutMs) },
      timeoutMs,
      (name, outcome, error) => log(`readiness: ${name} ${outcome}${error instanceof Error ? `: ${error.message}` : ''}`),
    );
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  return router;
}
