import { Router, type Request, type Response } from 'express';
import { can } from '../../domain/auth/roles';
import { crmModel } from '../../domain/crm/crm-registry';
import { describeMappableFields, pendingFullSyncs, readStoredMapping, saveMapping } from '../../domain/connections/mapping-service';
import { CrmError } from '../../domain/crm/connector';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import { MappingInvalidError, type CrmDescribe, type CrmObject, type MappingProblem } from '../../domain/mapping/mapping';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { actorOf, requirePermission } from '../auth/authorize';
import { readMappingForm, rowsFromMapping, suggestedRows, type MappingFormRow } from '../forms/mapping-form';
import { mappingPageModel } from '../presenters/mapping-page';
import { routeParam } from '../route-param';
import { loadConnection } from '../services/connections-read';

/** `connectors` lets a composition root share its factory; by default one is built over the models and secret box. */
type Deps = { models: Models; box: SecretBox; connectors: ConnectorFactory };

type CrmFields = { describe?: CrmDescribe; describeError?: string };

function savedMessage(fullSyncRequired: CrmObject[]): string {
  if (fullSyncRequired.length === 0) return 'Mapping saved. No CRM field was added, so the next sync stays incremental.';
  return `Mapping saved. The next sync of ${fullSyncRequired.join(' and ')} will be a full sync, to pull the added fields for every record.`;
}

/**
 * The field-mapping editor of a connection, as a page and as JSON. Anyone who may see connections
 * may read the mapping; only mappings:manage (admins) may change it.
 */
export function mappingRouter(deps: Deps): Router {
  const { models } = deps;
  const connectors = deps.connectors;
  const router = Router();
  const view = requirePermission('connections:view');
  const manage = requirePermission('mappings:manage');

  async function load(id: string) {
    const connection = await loadConnection(models, id, { name: 1, crm: 1, mapping: 1, mappingUpdatedAt: 1 });
    return { ...connection, id: String(connection._id) };
  }

  /** The CRM's fields, or its own error message: a CRM that cannot be reached must not hide the stored mapping. */
  async function crmFields(connectionId: string): Promise<CrmFields> {
    try {
      const crm = (await models.Connection.findById(connectionId, { crm: 1 }).lean())?.crm;
      return { describe: await describeMappableFields(await connectors.forConnection(connectionId), crmModel(crm)) };
    } catch (err) {
      if (err instanceof CrmError) return { describeError: err.message };
      throw err;
    }
  }

  async function save(req: Request, connectionId: string, input: unknown) {
    const connector = await connectors.forConnection(connectionId);
    return saveMapping({ models, connector }, { connectionId, input, actor: actorOf(req) });
  }

  async function renderPage(
    req: Request,
    res: Response,
    status: number,
    page: { connection: Awaited<ReturnType<typeof load>>; rows: MappingFormRow[]; pushDefault: string; fields: CrmFields; problems?: MappingProblem[]; entryRows?: number[] },
  ) {
    const { connection, fields, ...rest } = page;
    const model = mappingPageModel({
      ...rest,
      ...fields,
      connection: { id: connection.id, name: connection.name },
      canEdit: can(actorOf(req).role, 'mappings:manage'),
      savedAt: connection.mappingUpdatedAt,
      pendingFullSyncs: await pendingFullSyncs(models, connection.id, crmModel(connection.crm)),
    });
    res.status(status).render('connections/mapping', model);
  }

  // JSON API
  router.get('/api/v1/connections/:id/mapping', view, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const fields = await crmFields(connection.id);
    const pending = await pendingFullSyncs(models, connection.id, crmModel(connection.crm));
    res.json({
      mapping: readStoredMapping(connection.mapping) ?? null,
      mappingUpdatedAt: connection.mappingUpdatedAt ?? null,
      fields: fields.describe ?? null,
      ...(fields.describeError ? { describeError: fields.describeError } : {}),
      fullSyncRequired: pending.map((p) => p.object),
    });
  });

  // The body is the mapping itself ({ entries, pushPolicy }), so problem paths (`entries[3].crmField`) point into it.
  router.put('/api/v1/connections/:id/mapping', manage, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    res.json(await save(req, connection.id, req.body));
  });

  // Pages
  router.get('/connections/:id/mapping', view, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const stored = readStoredMapping(connection.mapping);
    const fields = await crmFields(connection.id);
    // Only an editor gets suggested rows; to a reader they would look like a saved mapping.
    const rows = stored ? rowsFromMapping(stored) : can(actorOf(req).role, 'mappings:manage') ? suggestedRows(fields.describe) : [];
    await renderPage(req, res, 200, { connection, rows, pushDefault: stored?.pushPolicy.default ?? 'allow', fields });
  });

  router.post('/connections/:id/mapping', manage, async (req, res) => {
    const connection = await load(routeParam(req, 'id'));
    const form = readMappingForm(req.body);
    // A refused save shows the rows as submitted, so nothing the admin typed is lost.
    const refused = (status: number, fields: CrmFields, problems: MappingProblem[] = []) =>
      renderPage(req, res, status, { connection, rows: form.rows, pushDefault: form.pushDefault, entryRows: form.entryRows, fields, problems });
    try {
      const saved = await save(req, connection.id, form.input);
      req.session.flash = { kind: 'ok', message: savedMessage(saved.fullSyncRequired) };
      res.redirect(`/connections/${connection.id}/mapping`);
    } catch (err) {
      if (err instanceof MappingInvalidError) return refused(400, await crmFields(connection.id), err.problems);
      if (err instanceof CrmError) return refused(502, { describeError: err.message });
      throw err;
    }
  });

  return router;
}
