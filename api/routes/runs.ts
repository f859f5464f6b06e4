import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Models } from '../../domain/models';
import { RUN_KINDS, RUN_STATUSES } from '../../domain/models/run';
import { NotFoundError } from '../http-errors';
import { presentRun } from '../presenters/run-json';
import { parseInput } from '../validate';

const listQuery = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    kind: z.enum(RUN_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const runIdParam = z.string().refine((id) => Types.ObjectId.isValid(id), 'must be a run id');

export function runsRouter({ models, temporalUiUrl }: { models: Pick<Models, 'Run'>; temporalUiUrl?: string }): Router {
  const router = Router();

  async function listRuns(query: unknown) {
    const filter = parseInput(listQuery, query, 'query');
    const runs = await models.Run.find({
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    })
      .sort({ createdAt: -1 })
      .limit(filter.limit)
      .lean();
    return runs.map(presentRun);
  }

  router.get('/api/v1/runs', async (req, res) => {
    res.json({ runs: await listRuns(req.query) });
  });

  router.get('/api/v1/runs/:runId', async (req, res) => {
    const runId = parseInput(runIdParam, req.params.runId, 'runId');
    const run = await models.Run.findById(runId).lean();
    if (!run) throw new NotFoundError(`run ${runId}`);
    res.json(presentRun(run));
  });

  router.get('/runs', async (req, res) => {
    res.render('runs/index', { title: 'Runs', runs: await listRuns(req.query), temporalUiUrl });
  });

  return router;
}
