import { Router } from 'express';
import { can } from '../../domain/auth/roles';
import { actorOf } from '../auth/authorize';

/** Settings hub: what a role may administer; the sub-pages check their own permissions. */
export function settingsRouter(): Router {
  const router = Router();
  router.get('/settings', (req, res) => {
    const role = actorOf(req).role;
    res.render('settings/index', {
      title: 'Settings',
      sections: [
        { href: '/settings/users', label: 'Users and roles', allowed: can(role, 'users:manage') },
        { href: '/settings/tokens', label: 'API tokens', allowed: can(role, 'tokens:manage') },
        { href: '/settings/audit', label: 'Audit log', allowed: can(role, 'audit:view') },
        { href: '/alerts', label: 'Alerts and the alerts webhook', allowed: can(role, 'runs:view') },
        { href: '/scoring', label: 'Scoring rules (behavioural score)', allowed: can(role, 'programs:manage') },
      ],
    });
  });
  return router;
}
