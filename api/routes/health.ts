import { Router } from 'express';
import type { Models } from '../../domain/models';

/** Liveness for load balancers and the start script: answers only when the database answers. */
export function healthRouter({ models }: { models: Pick<Models, 'db'> }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    await models.db.db?.admin().ping();
    res.json({ ok: true });
  });
  return router;
}
