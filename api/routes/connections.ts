import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Models } from '../../domain/models';
import { startContactPull } from '../services/run-starter';

export function connectionsRouter(deps: { models: Pick<Models, 'Run' | 'Connection'>; temporal: Client; taskQueue: string }): Router {
  const router = Router();

  router.post('/api/v1/connections/:id/contact-pulls', async (req, res) => {
    const started = await startContactPull(deps, req.params.id);
    res.status(202).json(started);
  });

  return router;
}
