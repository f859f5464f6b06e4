import { Router } from 'express';
import type { Models } from '../../domain/models';
import { requirePermission } from '../auth/authorize';
import { routeParam } from '../route-param';
import { loadContactPage } from '../services/contact-page-read';

/** One contact of a connection: GET /api/v1/connections/:id/contacts/:crmId (JSON) and /connections/:id/contacts/:crmId (page). */
export function contactPagesRouter({ models }: { models: Models }): Router {
  const router = Router();
  const view = requirePermission('lists:view');

  router.get('/api/v1/connections/:id/contacts/:crmId', view, async (req, res) => {
    res.json(await loadContactPage(models, routeParam(req, 'id'), routeParam(req, 'crmId')));
  });

  router.get('/connections/:id/contacts/:crmId', view, async (req, res) => {
    const contact = await loadContactPage(models, routeParam(req, 'id'), routeParam(req, 'crmId'));
    const email = contact.view?.values.email;
    res.render('contacts/show', { title: typeof email === 'string' && email ? email : contact.crmId, contact });
  });

  return router;
}
