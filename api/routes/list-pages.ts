import type { Client } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import { crmModel } from '../../domain/crm/crm-registry';
import { readStoredMapping } from '../../domain/connections/mapping-service';
import { changeListSyncSettings, defineList, ListInputError, personObjectsOf, pushVerdict } from '../../domain/lists/list-definition';
import { newListInput } from '../../domain/lists/list-input';
import { listSyncSettingsInput, type ListSyncSettings } from '../../domain/lists/list-sync-settings';
import { mappedMarketingFields } from '../../domain/lists/member-values';
import type { Models } from '../../domain/models';
import { parseScheduleSettings, readScheduleSettings, SCHEDULE_MODES, type ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { listFormErrors, newListFormToInput, scheduleFormToInput, syncSettingsFormToInput } from '../forms/list-form';
import { pageInfo, tableQuery } from '../paging';
import { describeSource, presentList, presentMember } from '../presenters/list-json';
import { routeParam } from '../route-param';
import { startListRun } from '../services/list-run-starter';
import { removeList } from '../services/remove-list';
import { describeTargetSchedule, saveSchedule } from '../../domain/schedules/target-schedules';
import { parseInput } from '../validate';
import { loadList, loadListPage, loadListsIndex, loadNewListChoices } from '../services/lists-read';
import { streamMembersCsv } from '../services/members-csv';
import { triggerMessage } from '../presenters/trigger-message';

type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory; scheduleSpecOptions?: ScheduleSpecOptions };

const membersPage = tableQuery(['email', 'joinedAt', 'updatedAt'], 'email').extend({ dir: z.enum(['asc', 'desc']).default('asc') }).strict();

/** The list pages: index with sync icons, the two-step "new list" form, and the list itself. */
export function listPagesRouter(deps: Deps): Router {
  const { models } = deps;
  const connectors = deps.connectors;
  const router = Router();
  const manage = requirePermission('lists:manage');
  const view = requirePermission('lists:view');

  router.get('/lists', view, async (_req, res) => {
    const { lists, connectionNames, campaignLabels, lastRuns, openErrors } = await loadListsIndex(models);
    res.render('lists/index', { title: 'Lists', lists: lists.map(presentList), connections: connectionNames, campaignLabels, lastRuns, openErrors, describeSource });
  });

  async function renderNewListForm(res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200) {
    const { connections, connectionId, connection, model, campaigns } = await loadNewListChoices(models, values.connectionId);
    const mapping = connection ? readStoredMapping(connection.mapping) : undefined;
    res.status(status).render('lists/new', {
      title: 'New list',
      connections: connections.map((c) => ({ id: String(c._id), name: c.name })),
      connectionId,
      mappedFields: mapping ? [...mappedMarketingFields(mapping)].map(([name, type]) => ({ name, type })) : [],
      hasMapping: !!mapping,
      campaigns,
      crm: { campaign: model.campaign, listFilter: model.listFilter },
      values: { sourceKind: 'campaign', object: 'Lead', ...values, connectionId },
      errors,
    });
  }

  router.get('/lists/new', manage, async (req, res) => {
    const connectionId = typeof req.query.connectionId === 'string' ? req.query.connectionId : '';
    await renderNewListForm(res, { connectionId }, {});
  });

  router.post('/lists', manage, async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const parsed = newListInput.safeParse(newListFormToInput(form));
    if (!parsed.success) {
      return renderNewListForm(res, form, listFormErrors(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))), 400);
    }
    let created;
    try {
      created = await defineList(models, () => connectors.forConnection(parsed.data.connectionId), parsed.data, actorOf(req).name);
    } catch (err) {
      if (err instanceof ListInputError) return renderNewListForm(res, form, listFormErrors(err.problems), 400);
      throw err;
    }
    const started = await startListRun(deps, String(created._id), 'import', { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), 'created-list', { kind: 'list', id: String(created._id), name: created.name }, { source: parsed.data.source.kind, importRunId: started.runId });
    req.session.flash = { kind: 'ok', message: `List "${created.name}" created; its import is running.` };
    res.redirect(`/lists/${String(created._id)}`);
  });

  async function renderList(
    req: Request,
    res: Response,
    extra: { settingsErrors?: Record<string, string>; settingsValues?: unknown; scheduleErrors?: Record<string, string>; scheduleValues?: unknown; status?: number } = {},
  ) {
    const stored = await loadList(models, routeParam(req, 'id'));
    const list = presentList(stored);
    const query = parseInput(membersPage, req.query, 'query');
    const { members, total, next, runs, openErrors, connection } = await loadListPage(models, list, query);
    const scheduleState = await describeTargetSchedule(deps.temporal, { kind: 'list', listId: list.id });
    const mapping = readStoredMapping(connection?.mapping);
    const objects = personObjectsOf(list.source);
    const pushable = Object.fromEntries(list.fields.map((f) => [f, mapping ? pushVerdict(mapping, objects, f) : { ok: false, reason: 'no mapping' }]));
    res.status(extra.status ?? 200).render('lists/show', {
      title: list.name,
      list,
      sourceText: describeSource(list, connection ? crmModel(connection.crm).campaign.label : undefined),
      // Only a CRM with a bulk ingest path has a threshold worth setting.
      bulkPathLabel: connection ? (crmModel(connection.crm).writePathLabels.bulk ?? null) : null,
      connectionName: connection?.name ?? '(deleted connection)',
      members: members.map(presentMember),
      page: pageInfo(query, total, { next }),
      runs,
      openErrors,
      pushable,
      settings: (extra.settingsValues as ListSyncSettings | undefined) ?? list.syncSettings,
      settingsErrors: extra.settingsErrors ?? {},
      schedule: extra.scheduleValues ?? readScheduleSettings(list.schedule),
      scheduleState,
      scheduleErrors: extra.scheduleErrors ?? {},
      scheduleModes: SCHEDULE_MODES,
    });
  }

  router.get('/lists/:id', view, (req, res) => renderList(req, res));

  router.get('/lists/:id/members.csv', requirePermission('exports:run'), async (req, res) => {
    await streamMembersCsv(models, res, await loadList(models, routeParam(req, 'id')));
  });

  router.post('/lists/:id/sync-settings', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const input = syncSettingsFormToInput(req.body as Record<string, unknown>);
    const parsed = listSyncSettingsInput.safeParse(input);
    const fail = (errors: Record<string, string>) => renderList(req, res, { settingsErrors: errors, settingsValues: { ...(list.syncSettings as ListSyncSettings), ...input }, status: 400 });
    if (!parsed.success) return fail(listFormErrors(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
    try {
      const settings = await changeListSyncSettings(models, String(list._id), parsed.data);
      await recordAudit(models, actorOf(req), 'changed-list-sync-settings', { kind: 'list', id: String(list._id), name: list.name }, { settings });
    } catch (err) {
      if (err instanceof ListInputError) return fail(listFormErrors(err.problems));
      throw err;
    }
    req.session.flash = { kind: 'ok', message: 'Sync settings saved; the next list sync uses them.' };
    res.redirect(`/lists/${String(list._id)}#settings`);
  });

  router.post('/lists/:id/schedule', requirePermission('schedules:manage'), async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const input = scheduleFormToInput(req.body as Record<string, unknown>);
    const parsed = parseScheduleSettings(input);
    if (!parsed.ok) {
      const errors = Object.fromEntries(parsed.problems.map((p) => [p.path.split('.')[0] || 'mode', p.message]));
      return renderList(req, res, { scheduleErrors: errors, scheduleValues: input, status: 400 });
    }
    await saveSchedule(deps, { kind: 'list', listId: String(list._id) }, parsed.settings);
    await recordAudit(models, actorOf(req), 'changed-schedule', { kind: 'list', id: String(list._id), name: list.name }, { schedule: parsed.settings });
    req.session.flash = { kind: 'ok', message: parsed.settings.mode === 'off' ? 'Schedule turned off.' : 'Schedule saved.' };
    res.redirect(`/lists/${String(list._id)}#schedule`);
  });

  router.post('/lists/:id/syncs', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    const started = await startListRun(deps, String(list._id), 'sync', { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'list-sync', listId: String(list._id) });
    req.session.flash = { kind: 'ok', message: triggerMessage({ started: 'List sync started.', work: 'A run of this list' }, started) };
    res.redirect(`/runs/${started.runId}`);
  });

  router.post('/lists/:id/delete', manage, async (req, res) => {
    const list = await loadList(models, routeParam(req, 'id'));
    await removeList(deps, String(list._id));
    await recordAudit(models, actorOf(req), 'removed-list', { kind: 'list', id: String(list._id), name: list.name });
    req.session.flash = { kind: 'ok', message: `List "${list.name}" was removed. Nothing was deleted in the CRM.` };
    res.redirect('/lists');
  });

  return router;
}
