import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import type { ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { routeParam } from '../route-param';
import { startProgramRun } from '../services/program-run-starter';
import { changeProgram, createProgram, loadProgram, presentProgram, removeProgram } from '../services/program-store';
import { listPrograms } from '../services/programs-read';
import { parseInput } from '../validate';
import type { programCreatedJson, programsJson } from '../presenters/program-json-schema';

type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory; scheduleSpecOptions?: ScheduleSpecOptions };

/** The programs JSON API: define, change, run now, remove; reads carry the schedule warning and the last runs. */
export function programsApiRouter(deps: Deps): Router {
  const services = { ...deps, connectors: deps.connectors };
  const { models } = deps;
  const router = Router();
  const manage = requirePermission('programs:manage');
  const view = requirePermission('programs:view');
  const target = (program: { _id: unknown; name: string }) => ({ kind: 'program', id: String(program._id), name: program.name });

  router.get('/api/v1/programs', view, async (_req, res) => {
    const programs = await listPrograms(models);
    res.json({ programs: await Promise.all(programs.map((p) => presentProgram(services, p))) } satisfies z.infer<typeof programsJson>);
  });

  router.post('/api/v1/programs', manage, async (req, res) => {
    const id = await createProgram(services, req.body, actorOf(req).name);
    const program = await loadProgram(models, id);
    await recordAudit(models, actorOf(req), 'created-program', target(program), { listId: String(program.listId) });
    res.status(201).json({ id, program: await presentProgram(services, program) } satisfies z.infer<typeof programCreatedJson>);
  });

  router.get('/api/v1/programs/:id', view, async (req, res) => {
    res.json(await presentProgram(services, await loadProgram(models, routeParam(req, 'id')), { runs: true }));
  });

  router.put('/api/v1/programs/:id', manage, async (req, res) => {
    const id = routeParam(req, 'id');
    await changeProgram(services, id, req.body);
    const program = await loadProgram(models, id);
    await recordAudit(models, actorOf(req), 'changed-program', target(program));
    res.json(await presentProgram(services, program));
  });

  router.post('/api/v1/programs/:id/runs', manage, async (req, res) => {
    const program = await loadProgram(models, routeParam(req, 'id'));
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    const started = await startProgramRun(deps, program, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'list-maintenance', programId: String(program._id) });
    res.status(202).json(started);
  });

  router.delete('/api/v1/programs/:id', manage, async (req, res) => {
    const program = await loadProgram(models, routeParam(req, 'id'));
    await removeProgram(services, String(program._id));
    await recordAudit(models, actorOf(req), 'removed-program', target(program));
    res.status(204).end();
  });

  return router;
}
