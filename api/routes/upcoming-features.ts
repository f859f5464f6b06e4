import { Router } from 'express';
import { requirePermission } from '../auth/authorize';
import type { Permission } from '../../domain/auth/roles';

/**
 * Programs have their place in the navigation from the start; until each
 * capability lands, its page says plainly that it is not available yet and what to do meanwhile.
 */
// Programs have landed (api/routes/program-pages.ts); the next capability without a page goes here.
const PAGES: readonly { path: string; title: string; permission: Permission; what: string }[] = [];

export function upcomingFeaturesRouter(): Router {
  const router = Router();
  for (const page of PAGES) {
    router.get(page.path, requirePermission(page.permission), (_req, res) => {
      res.render('upcoming/index', { title: page.title, what: page.what });
    });
  }
  return router;
}
