import { Router } from 'express';
import type { Models } from '../../domain/models';
import { pingDatabase } from '../services/database-health';

/** Liveness for load balancers and the start script: answers only when the database answers. */
export function healthRouter({ models }: { models: Pick<Models, 'db'> }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    await pingDatabase(models);
    res.json({ ok: true });
  });
  return router;
}
