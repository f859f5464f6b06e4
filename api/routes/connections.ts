import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { recordAudit } from '../../domain/audit/record-audit';
import { connectionUpdateInput, newConnectionInput } from '../../domain/connections/connection-input';
import { createConnection, removeConnection, testStoredConnection, updateConnection } from '../../domain/connections/connection-service';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { ValidationError } from '../http-errors';
import { connectionFormToInput, connectionFormToUpdate, formErrors, syncSettingsFormValues } from '../forms/connection-form';
import { availableCrms } from '../../domain/crm/crm-registry';
import { DEFAULT_DYNAMICS_AUTHORITY, DEFAULT_SUGAR_API_VERSION, DEFAULT_SUGAR_PLATFORM } from '../../domain/connections/connection-input';
import { listConnections, listRecentConnectionRuns, loadConnection, loadConnectionsIndex } from '../services/connections-read';
import { startCrmAdminSync, type SyncRequest } from '../services/run-starter';
import { STRICT_OUTBOUND_HOSTS, type OutboundHostPolicy } from '../../domain/outbound/outbound-hosts';
import { countConnectionContacts, loadConnectionFreshness } from '../services/connection-freshness';
import { routeParam } from '../route-param';
import { triggerMessage } from '../presenters/trigger-message';
import { parseInput } from '../validate';
import { presentConnection } from '../presenters/connection-json';
import { readScheduleSettings, SCHEDULE_MODES } from '../../domain/schedules/schedule-settings';
import { describeTargetSchedule } from '../../domain/schedules/target-schedules';
import { syncFormToRequest, syncRequestInput } from '../forms/sync-request';
import type { z } from 'zod';
import type { connectionDetailJson, connectionsJson, connectionTestJson } from '../presenters/connection-json';

/** `outboundHosts`: where login URLs may point (domain/outbound); strict when the composition root gives none. */
type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; outboundHosts?: OutboundHostPolicy };

/** The service names fields as the API does ("auth.password"); the form names them "password". */
const formField = (field: string) => field.replace(/^auth\./, '');

export function connectionsRouter(deps: Deps): Router {
  const { models, box } = deps;
  const hosts = deps.outboundHosts ?? STRICT_OUTBOUND_HOSTS;
  const router = Router();
  const view = requirePermission('connections:view');
  const manage = requirePermission('connections:manage');
  const operate = requirePermission('runs:operate');

  const load = (id: string) => loadConnection(models, id);

  async function triggerSync(req: Request, id: string, request: SyncRequest) {
    const started = await startCrmAdminSync(deps, id, request, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'crm-admin-sync', connectionId: id, ...request });
    return started;
  }

  // JSON API
  router.get('/api/v1/connections', view, async (_req, res) => {
    const connections = await listConnections(models);
    res.json({ connections: connections.map(presentConnection) } satisfies z.infer<typeof connectionsJson>);
  });

  router.post('/api/v1/connections', manage, async (req, res) => {
    const input = parseInput(newConnectionInput, req.body, 'body');
    const result = await createConnection(models, box, input, hosts);
    if (!result.ok) throw new ValidationError([{ path: `body.${result.field}`, message: result.message }]);
    const created = result.connection;
    await recordAudit(models, actorOf(req), 'created-connection', { kind: 'connection', id: String(created._id), name: created.name });
    res.status(201).json({ id: String(created._id) });
  });

  router.get('/api/v1/connections/:id', view, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    res.json({ ...presentConnection(connection), objects: (await loadConnectionFreshness(models, connection)).objects } satisfies z.infer<typeof connectionDetailJson>);
  });

  router.put('/api/v1/connections/:id', manage, async (req, res) => {
    const existing = await load(routeParam(req, 'id'));
    const result = await updateConnection(models, box, existing, parseInput(connectionUpdateInput, req.body, 'body'), hosts);
    if (!result.ok) throw new ValidationError([{ path: `body.${result.field}`, message: result.message }]);
    await recordAudit(models, actorOf(req), 'updated-connection', { kind: 'connection', id: routeParam(req, 'id'), name: existing.name });
    res.json(presentConnection(await load(routeParam(req, 'id'))));
  });

  router.delete('/api/v1/connections/:id', manage, async (req, res) => {
    const existing = await load(routeParam(req, 'id'));
    await removeConnection(models, existing._id);
    await recordAudit(models, actorOf(req), 'removed-connection', { kind: 'connection', id: routeParam(req, 'id'), name: existing.name });
    res.status(204).end();
  });

  router.post('/api/v1/connections/:id/test', manage, async (req, res) => {
    res.json((await testStoredConnection(box, await load(routeParam(req, 'id')), hosts)) satisfies z.infer<typeof connectionTestJson>);
  });

  router.post('/api/v1/connections/:id/syncs', operate, async (req, res) => {
    const id = routeParam(req, 'id');
    await load(id);
    const started = await triggerSync(req, id, parseInput(syncRequestInput, req.body ?? {}, 'body'));
    res.status(202).json(started);
  });

  // Pages
  router.get('/connections', view, async (_req, res) => {
    const { connections, lastRuns } = await loadConnectionsIndex(models);
    res.render('connections/index', { title: 'Connections', connections: connections.map(presentConnection), lastRuns });
  });

  /** The CRMs the form offers; the chosen one decides which fields it shows. */
  const crms = availableCrms().map((m) => ({ crm: m.crm, label: m.label }));

  router.get('/connections/new', manage, (req, res) => {
    const values =
      req.query.crm === 'dynamics'
        ? { crm: 'dynamics', loginUrl: DEFAULT_DYNAMICS_AUTHORITY, authType: 'client_credentials', ...syncSettingsFormValues() }
        : req.query.crm === 'sugar'
          ? { crm: 'sugar', platform: DEFAULT_SUGAR_PLATFORM, apiVersion: DEFAULT_SUGAR_API_VERSION, authType: 'password', clientId: 'sugar', ...syncSettingsFormValues() }
          : { crm: 'salesforce', loginUrl: 'https://login.salesforce.com', authType: 'password', ...syncSettingsFormValues() };
    res.render('connections/form', { title: 'New connection', connection: null, crms, values, errors: {} });
  });

  router.post('/connections', manage, async (req, res) => {
    const parsed = newConnectionInput.safeParse(connectionFormToInput(req.body));
    if (!parsed.success) {
      return res.status(400).render('connections/form', { title: 'New connection', connection: null, crms, values: req.body, errors: formErrors(parsed.error) });
    }
    const result = await createConnection(models, box, parsed.data, hosts);
    if (!result.ok) return res.status(400).render('connections/form', { title: 'New connection', connection: null, crms, values: req.body, errors: { [formField(result.field)]: result.message } });
    const created = result.connection;
    await recordAudit(models, actorOf(req), 'created-connection', { kind: 'connection', id: String(created._id), name: created.name });
    req.session.flash = { kind: 'ok', message: `Connection "${created.name}" saved. Test it, then sync.` };
    res.redirect(`/connections/${String(created._id)}`);
  });

  router.get('/connections/:id', view, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const runs = await listRecentConnectionRuns(models, connection._id);
    const freshness = await loadConnectionFreshness(models, connection);
    const contactCounts = await countConnectionContacts(models, String(connection._id));
    const scheduleState = await describeTargetSchedule(deps.temporal, { kind: 'connection', connectionId: String(connection._id) });
    res.render('connections/show', {
      title: connection.name,
      connection: presentConnection(connection),
      runs,
      freshness,
      contactCounts,
      schedule: readScheduleSettings(connection.schedule),
      scheduleState,
      scheduleModes: SCHEDULE_MODES,
    });
  });

  router.get('/connections/:id/edit', manage, async (req, res) => {
    const connection = presentConnection(await load(routeParam(req, 'id')));
    const values = {
      crm: connection.crm,
      name: connection.name,
      loginUrl: connection.loginUrl,
      environmentUrl: connection.environmentUrl,
      tenantId: connection.tenantId,
      platform: connection.platform,
      // Only a SugarCRM form shows it: Salesforce's is not edited from the form, Dynamics' is crm-sync's.
      apiVersion: connection.apiVersion,
      authType: connection.auth.type,
      username: connection.auth.username,
      clientId: connection.auth.clientId,
      ...syncSettingsFormValues(connection.syncSettings),
    };
    res.render('connections/form', { title: `Edit ${connection.name}`, connection, crms, values, errors: {} });
  });

  router.post('/connections/:id', manage, async (req, res) => {
    const id = routeParam(req, 'id');
    const existing = await load(id);
    const connection = presentConnection(existing);
    const rerender = (errors: Record<string, string>) =>
      res.status(400).render('connections/form', { title: `Edit ${connection.name}`, connection, crms, values: { ...req.body, crm: connection.crm }, errors });
    const parsed = connectionUpdateInput.safeParse(connectionFormToUpdate(req.body));
    if (!parsed.success) return rerender(formErrors(parsed.error));
    const result = await updateConnection(models, box, existing, parsed.data, hosts);
    if (!result.ok) return rerender({ [formField(result.field)]: result.message });
    await recordAudit(models, actorOf(req), 'updated-connection', { kind: 'connection', id, name: existing.name });
    req.session.flash = { kind: 'ok', message: 'Connection saved.' };
    res.redirect(`/connections/${id}`);
  });

  router.post('/connections/:id/test', manage, async (req, res) => {
    const result = await testStoredConnection(box, await load(routeParam(req, 'id')), hosts);
    req.session.flash = { kind: result.ok ? 'ok' : 'error', message: result.ok ? result.message : `Connection failed: ${result.message}` };
    res.redirect(`/connections/${routeParam(req, 'id')}`);
  });

  router.post('/connections/:id/delete', manage, async (req, res) => {
    const existing = await load(routeParam(req, 'id'));
    await removeConnection(models, existing._id);
    await recordAudit(models, actorOf(req), 'removed-connection', { kind: 'connection', id: routeParam(req, 'id'), name: existing.name });
    req.session.flash = { kind: 'ok', message: `Connection "${existing.name}" and its local data were removed. Nothing was deleted in the CRM.` };
    res.redirect('/connections');
  });

  router.post('/connections/:id/syncs', operate, async (req, res) => {
    const id = routeParam(req, 'id');
    await load(id);
    const request = parseInput(syncRequestInput, syncFormToRequest(req.body), 'form');
    const started = await triggerSync(req, id, request);
    const message = triggerMessage({ started: `${request.mode === 'full' ? 'Full sync' : 'Sync'} started.`, work: 'A sync of this connection' }, started);
    req.session.flash = { kind: 'ok', message };
    res.redirect(`/runs/${started.runId}`);
  });

  return router;
}
