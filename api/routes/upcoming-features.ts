import { Router } from 'express';
import { requirePermission } from '../auth/authorize';

/**
 * Programs have their place in the navigation from the start; until each
 * capability lands, its page says plainly that it is not available yet and what to do meanwhile.
 */
const PAGES = [
  { path: '/programs', title: 'Programs', permission: 'programs:manage', what: 'List-maintenance programs: ordered steps over a list, such as writing the behaviour score into the pushed Score field.' },
] as const;

export function upcomingFeaturesRouter(): Router {
  const router = Router();
  for (const page of PAGES) {
    router.get(page.path, requirePermission(page.permission), (_req, res) => {
      res.render('upcoming/index', { title: page.title, what: page.what });
    });
  }
  return router;
}
