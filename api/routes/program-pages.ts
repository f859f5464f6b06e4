import type { Client } from '@temporalio/client';
import { Router, type Response } from 'express';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import type { ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { programBodyOf, programFormOf, readProgramForm, STEPS_EXAMPLE, type ProgramForm } from '../forms/program-form';
import { ValidationError } from '../http-errors';
import { routeParam } from '../route-param';
import { startProgramRun } from '../services/program-run-starter';
import { changeProgram, createProgram, loadProgram, presentProgram, removeProgram } from '../services/program-store';
import { listProgramLists, loadProgramsIndex } from '../services/programs-read';

type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory; scheduleSpecOptions?: ScheduleSpecOptions };
type Problem = { path: string; message: string };

/** The programs pages: the list of programs, a program's editor (steps as JSON, schedule), its warnings, last runs and Run now. */
export function programPagesRouter(deps: Deps): Router {
  const services = { ...deps, connectors: deps.connectors };
  const { models } = deps;
  const router = Router();
  const manage = requirePermission('programs:manage');
  const view = requirePermission('programs:view');

  router.get('/programs', view, async (_req, res) => {
    const { programs, lastRuns } = await loadProgramsIndex(services);
    res.render('programs/index', { title: 'Programs', programs, lastRuns });
  });

  async function renderEditor(res: Response, options: { form: ProgramForm; programId?: string; problems?: Problem[]; status?: number }) {
    const lists = await listProgramLists(models);
    const program = options.programId ? await presentProgram(services, await loadProgram(models, options.programId), { runs: true }) : null;
    res.status(options.status ?? 200).render('programs/show', {
      title: program ? program.name : 'New program',
      program,
      lists,
      form: options.form,
      example: STEPS_EXAMPLE,
      problems: options.problems ?? [],
    });
  }

  /** Saves the form; a refused form is shown again with every problem and the user's text kept. */
  async function save(res: Response, form: ProgramForm, act: (body: Record<string, unknown>) => Promise<string>, programId?: string) {
    const { body, problems } = programBodyOf(form);
    if (problems.length) return renderEditor(res, { form, programId, problems, status: 400 });
    try {
      const id = await act(body);
      res.redirect(303, `/programs/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderEditor(res, { form, programId, problems: err.details as Problem[], status: 400 });
    }
  }

  const emptyForm = (): ProgramForm => readProgramForm({ stepsJson: STEPS_EXAMPLE });

  router.get('/programs/new', manage, async (_req, res) => renderEditor(res, { form: emptyForm() }));

  router.post('/programs', manage, async (req, res) => {
    await save(res, readProgramForm(req.body), async (body) => {
      const id = await createProgram(services, body, actorOf(req).name);
      await recordAudit(models, actorOf(req), 'created-program', { kind: 'program', id, name: String(body.name) });
      return id;
    });
  });

  router.get('/programs/:id', view, async (req, res) => {
    const program = await presentProgram(services, await loadProgram(models, routeParam(req, 'id')));
    await renderEditor(res, { form: programFormOf(program), programId: program.id });
  });

  router.post('/programs/:id', manage, async (req, res) => {
    const program = await loadProgram(models, routeParam(req, 'id'));
    const id = String(program._id);
    const form = { ...readProgramForm(req.body), listId: String(program.listId) };
    await save(res, form, async (body) => {
      const { listId: _listId, ...changes } = body;
      await changeProgram(services, id, changes);
      await recordAudit(models, actorOf(req), 'changed-program', { kind: 'program', id, name: String(body.name) });
      return id;
    }, id);
  });

  router.post('/programs/:id/runs', manage, async (req, res) => {
    const program = await loadProgram(models, routeParam(req, 'id'));
    const started = await startProgramRun(deps, program, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'list-maintenance', programId: String(program._id) });
    res.redirect(303, `/runs/${started.runId}`);
  });

  router.post('/programs/:id/delete', manage, async (req, res) => {
    const program = await loadProgram(models, routeParam(req, 'id'));
    await removeProgram(services, String(program._id));
    await recordAudit(models, actorOf(req), 'removed-program', { kind: 'program', id: String(program._id), name: program.name });
    res.redirect(303, '/programs');
  });

  return router;
}
