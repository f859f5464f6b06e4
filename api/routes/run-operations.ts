import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { actorOf, requirePermission } from '../auth/authorize';
import { HttpError } from '../http-errors';
import { routeParam } from '../route-param';
import { cancelRun } from '../services/run-cancel';
import { retryRun, type RetryRequest } from '../services/run-retry';
import { findRunWorkflow } from '../services/runs-read';
import { parseInput } from '../validate';

type Deps = { models: Models; temporal: Client; taskQueue: string };

const runIdParam = z.string().refine((id) => Types.ObjectId.isValid(id), 'must be a run id');

/** Body of POST /api/v1/runs/:runId/retry: empty to retry, `{ mode: 'full' }` to re-run a full sync. */
export const retryBody = z
  .object({ mode: z.enum(['full'], { errorMap: () => ({ message: "mode must be 'full' (re-run a full sync) or left out (retry)" }) }).optional() })
  .strict();

/** Cancel and retry, for ops and admins (runs:operate): the JSON API and the run page's buttons. */
export function runOperationsRouter(deps: Deps): Router {
  const { models } = deps;
  const router = Router();
  const operate = requirePermission('runs:operate');

  async function cancel(req: Request) {
    const runId = parseInput(runIdParam, routeParam(req, 'runId'), 'runId');
    const requested = await cancelRun(deps, runId);
    const run = await findRunWorkflow(models, runId);
    await recordAudit(models, actorOf(req), 'cancelled-run', { kind: 'run', id: runId }, { runKind: run?.kind, workflowId: run?.workflowId });
    return requested;
  }

  async function retry(req: Request, request: RetryRequest) {
    const runId = parseInput(runIdParam, routeParam(req, 'runId'), 'runId');
    const started = await retryRun(deps, runId, request, actorOf(req).name);
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'retried-run', { kind: 'run', id: started.runId }, { retryOf: runId, ...request });
    return started;
  }

  router.post('/api/v1/runs/:runId/cancel', operate, async (req, res) => {
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    res.status(202).json(await cancel(req));
  });

  router.post('/api/v1/runs/:runId/retry', operate, async (req, res) => {
    res.status(202).json(await retry(req, parseInput(retryBody, req.body ?? {}, 'body')));
  });

  // Pages: a refusal (the run ended meanwhile, nothing left to retry) comes back to the run page as a message.
  async function backToRunOnRefusal(req: Request, action: () => Promise<string>): Promise<string> {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof HttpError) || (err.status !== 409 && err.status !== 400)) throw err;
      req.session.flash = { kind: 'error', message: err.message };
      return `/runs/${routeParam(req, 'runId')}`;
    }
  }

  router.post('/runs/:runId/cancel', operate, async (req, res) => {
    const to = await backToRunOnRefusal(req, async () => {
      const requested = await cancel(req);
      req.session.flash = { kind: 'ok', message: 'Cancel requested: the run stops at its next safe point and keeps what it finished.' };
      return `/runs/${requested.runId}`;
    });
    res.redirect(to);
  });

  router.post('/runs/:runId/retry', operate, async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const to = await backToRunOnRefusal(req, async () => {
      const started = await retry(req, form.mode === 'full' ? { mode: 'full' } : {});
      const what = form.mode === 'full' ? 'Full sync started' : 'Retry started';
      req.session.flash = {
        kind: 'ok',
        message: started.joined ? 'A run of the same work was already in progress: showing it.' : `${what} (retry of run ${started.retryOf}).`,
      };
      return `/runs/${started.runId}`;
    });
    res.redirect(to);
  });

  return router;
}
