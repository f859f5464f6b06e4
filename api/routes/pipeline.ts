import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { Models } from '../../domain/models';
import { ScheduleMissingError } from '../../domain/schedules/schedule-client';
import { parseScheduleSettings, type ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import { describeTargetSchedule, runScheduleNow, saveSchedule as saveTargetSchedule } from '../../domain/schedules/target-schedules';
import { actorOf, requirePermission } from '../auth/authorize';
import { scheduleFormToInput } from '../forms/list-form';
import { HttpError, ValidationError } from '../http-errors';
import { routeParam } from '../route-param';
import { loadConnection, readConnectionSchedule } from '../services/connections-read';
import { startPipeline } from '../services/pipeline-starter';
import { parseInput } from '../validate';
import { triggerMessage } from '../presenters/trigger-message';
import type { connectionScheduleChangedJson, connectionScheduleJson, scheduleTriggeredJson } from '../presenters/schedule-json-schema';

type Deps = { models: Models; temporal: Client; taskQueue: string; scheduleSpecOptions?: ScheduleSpecOptions };

export const pipelineRequest = z.object({ mode: z.enum(['incremental', 'full']).optional() }).strict();

/** The connection's ordered pipeline: run it now, schedule it, and "run now" through its schedule. */
export function pipelineRouter(deps: Deps): Router {
  const { models } = deps;
  const router = Router();
  const operate = requirePermission('runs:operate');
  const schedules = requirePermission('schedules:manage');

  const load = (id: string) => loadConnection(models, id, { name: 1 });

  async function trigger(req: Request, connectionId: string, mode?: 'incremental' | 'full') {
    const started = await startPipeline(deps, connectionId, { mode }, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'sync-pipeline', connectionId });
    return started;
  }

  async function saveSchedule(req: Request, connectionId: string, name: string, input: unknown) {
    const parsed = parseScheduleSettings(input);
    if (!parsed.ok) return parsed;
    await saveTargetSchedule(deps, { kind: 'connection', connectionId }, parsed.settings);
    await recordAudit(models, actorOf(req), 'changed-schedule', { kind: 'connection', id: connectionId, name }, { schedule: parsed.settings });
    return parsed;
  }

  router.post('/api/v1/connections/:id/pipeline-runs', operate, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const { mode } = parseInput(pipelineRequest, req.body ?? {}, 'body');
    res.status(202).json(await trigger(req, String(connection._id), mode));
  });

  router.get('/api/v1/connections/:id/schedule', requirePermission('connections:view'), async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const schedule = await readConnectionSchedule(models, connection._id);
    const state = await describeTargetSchedule(deps.temporal, { kind: 'connection', connectionId: String(connection._id) });
    res.json({ schedule, scheduleState: { exists: state.exists, paused: state.paused, nextRunTimes: state.nextRunTimes, recentRuns: state.recentRuns } } satisfies z.infer<typeof connectionScheduleJson>);
  });

  router.put('/api/v1/connections/:id/schedule', schedules, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const saved = await saveSchedule(req, String(connection._id), connection.name, req.body);
    if (!saved.ok) throw new ValidationError(saved.problems.map((p) => ({ path: `body${p.path ? `.${p.path}` : ''}`, message: p.message })));
    const state = await describeTargetSchedule(deps.temporal, { kind: 'connection', connectionId: String(connection._id) });
    const schedule = await readConnectionSchedule(models, connection._id);
    res.json({ schedule, scheduleState: { exists: state.exists, paused: state.paused, nextRunTimes: state.nextRunTimes } } satisfies z.infer<typeof connectionScheduleChangedJson>);
  });

  router.post('/api/v1/connections/:id/schedule/run-now', operate, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    try {
      await runScheduleNow(deps.temporal, { kind: 'connection', connectionId: String(connection._id) });
    } catch (err) {
      if (err instanceof ScheduleMissingError) throw new HttpError(409, 'this connection has no schedule; start a pipeline run instead (POST /api/v1/connections/:id/pipeline-runs)');
      throw err;
    }
    await recordAudit(models, actorOf(req), 'triggered-schedule', { kind: 'connection', id: String(connection._id), name: connection.name });
    res.status(202).json({ triggered: true } satisfies z.infer<typeof scheduleTriggeredJson>);
  });

  // Pages
  router.post('/connections/:id/pipeline-runs', operate, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const mode = (req.body as { mode?: string })?.mode === 'full' ? 'full' : undefined;
    const started = await trigger(req, String(connection._id), mode);
    req.session.flash = { kind: 'ok', message: triggerMessage({ started: 'Pipeline started: CRM sync, then list syncs, then segments.', work: 'The pipeline of this connection' }, started) };
    res.redirect(`/runs/${started.runId}`);
  });

  router.post('/connections/:id/schedule', schedules, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const saved = await saveSchedule(req, String(connection._id), connection.name, scheduleFormToInput(req.body as Record<string, unknown>));
    req.session.flash = saved.ok
      ? { kind: 'ok', message: saved.settings.mode === 'off' ? 'Schedule turned off.' : 'Schedule saved.' }
      : { kind: 'error', message: `The schedule was not saved: ${saved.problem}` };
    res.redirect(`/connections/${String(connection._id)}#schedule`);
  });

  return router;
}
