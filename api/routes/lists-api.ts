import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import { changeListSyncSettings, defineList } from '../../domain/lists/list-definition';
import { newListInput, renameListInput } from '../../domain/lists/list-input';
import { listSyncSettingsInput } from '../../domain/lists/list-sync-settings';
import type { Models } from '../../domain/models';
import { parseScheduleSettings, type ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { pageInfo, tableQuery } from '../paging';
import { presentList, presentMember } from '../presenters/list-json';
import { routeParam } from '../route-param';
import { startListRun } from '../services/list-run-starter';
import { listLists, listMembers, loadList } from '../services/lists-read';
import { streamMembersCsv } from '../services/members-csv';
import { removeList } from '../services/remove-list';
import { renameList } from '../services/rename-list';
import { describeTargetSchedule, saveSchedule } from '../../domain/schedules/target-schedules';
import { ValidationError } from '../http-errors';
import { parseInput } from '../validate';
import type { listCreatedJson, listDetailJson, listMembersPageJson, listScheduleJson, listsJson, listSyncSettingsChangedJson } from '../presenters/list-json-schema';

/** `connectors` lets a composition root share its factory; by default one is built over the models and secret box. */
type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory; scheduleSpecOptions?: ScheduleSpecOptions };

export const membersQuery = tableQuery(['email', 'joinedAt', 'updatedAt'], 'email')
  .extend({ format: z.enum(['json', 'csv']).default('json'), perPage: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

/** The lists JSON API: create (import starts at once), settings, syncs, members. */
export function listsApiRouter(deps: Deps): Router {
  const { models } = deps;
  const connectors = deps.connectors;
  const router = Router();
  const manage = requirePermission('lists:manage');
  const view = requirePermission('lists:view');
  const exportMembers = requirePermission('exports:run');

  const who = (req: Request) => ({ triggeredBy: actorOf(req).name });

  router.get('/api/v1/lists', view, async (_req, res) => {
    const lists = await listLists(models);
    res.json({ lists: lists.map(presentList) } satisfies z.infer<typeof listsJson>);
  });

  router.post('/api/v1/lists', manage, async (req, res) => {
    const input = parseInput(newListInput, req.body, 'body');
    const list = await defineList(models, () => connectors.forConnection(input.connectionId), input, actorOf(req).name);
    const started = await startListRun(deps, String(list._id), 'import', who(req));
    await recordAudit(models, actorOf(req), 'created-list', { kind: 'list', id: String(list._id), name: list.name }, { source: input.source.kind, importRunId: started.runId });
    res.status(201).json({ id: String(list._id), runId: started.runId, list: presentList(list.toObject()) } satisfies z.infer<typeof listCreatedJson>);
  });

  router.get('/api/v1/lists/:id', view, async (req, res) => {
    const list = presentList(await loadList(models, routeParam(req, 'id')));
    const scheduled = await describeTargetSchedule(deps.temporal, { kind: 'list', listId: list.id });
    res.json({ ...list, scheduleState: { exists: scheduled.exists, paused: scheduled.paused, nextRunTimes: scheduled.nextRunTimes } } satisfies z.infer<typeof listDetailJson>);
  });

  // Schedules are an admin's to set (roles: admin = connections, mappings, schedules, users).
  router.put('/api/v1/lists/:id/schedule', requirePermission('schedules:manage'), async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const parsed = parseScheduleSettings(req.body);
    if (!parsed.ok) throw new ValidationError(parsed.problems.map((p) => ({ path: `body${p.path ? `.${p.path}` : ''}`, message: p.message })));
    await saveSchedule(deps, { kind: 'list', listId: String(list._id) }, parsed.settings);
    await recordAudit(models, actorOf(req), 'changed-schedule', { kind: 'list', id: String(list._id), name: list.name }, { schedule: parsed.settings });
    const scheduled = await describeTargetSchedule(deps.temporal, { kind: 'list', listId: String(list._id) });
    res.json({ schedule: presentList(await loadList(models, String(list._id))).schedule, scheduleState: { exists: scheduled.exists, paused: scheduled.paused, nextRunTimes: scheduled.nextRunTimes } } satisfies z.infer<typeof listScheduleJson>);
  });

  router.put('/api/v1/lists/:id', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const { name } = parseInput(renameListInput, req.body, 'body');
    await renameList(models, String(list._id), name);
    await recordAudit(models, actorOf(req), 'renamed-list', { kind: 'list', id: String(list._id), name }, { from: list.name });
    res.json(presentList(await loadList(models, String(list._id))));
  });

  router.delete('/api/v1/lists/:id', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    await removeList(deps, String(list._id));
    await recordAudit(models, actorOf(req), 'removed-list', { kind: 'list', id: String(list._id), name: list.name });
    res.status(204).end();
  });

  router.put('/api/v1/lists/:id/sync-settings', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const settings = await changeListSyncSettings(models, String(list._id), parseInput(listSyncSettingsInput, req.body, 'body'));
    await recordAudit(models, actorOf(req), 'changed-list-sync-settings', { kind: 'list', id: String(list._id), name: list.name }, { settings });
    res.json({ syncSettings: settings } satisfies z.infer<typeof listSyncSettingsChangedJson>);
  });

  router.post('/api/v1/lists/:id/syncs', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    const started = await startListRun(deps, String(list._id), 'sync', who(req));
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'list-sync', listId: String(list._id) });
    res.status(202).json(started);
  });

  router.get('/api/v1/lists/:id/members', view, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const query = parseInput(membersQuery, req.query, 'query');
    if (query.format === 'csv') {
      // Exporting is its own permission; marketers and admins have it.
      await new Promise<void>((resolve, reject) => exportMembers(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      await streamMembersCsv(models, res, list);
      return;
    }
    const { members, total, next } = await listMembers(models, { id: String(list._id), memberCount: list.memberCount }, query);
    res.json({ members: members.map(presentMember), page: pageInfo(query, total, { next }) } satisfies z.infer<typeof listMembersPageJson>);
  });

  return router;
}
