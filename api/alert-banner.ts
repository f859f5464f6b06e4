import type { RequestHandler } from 'express';
import { can } from '../domain/auth/roles';
import type { Models } from '../domain/models';
import { isApiPath } from './request-kind';

/** Open alerts for the page banner: people who watch runs see a failure or stale data on every page. */
export function alertBanner(models: Pick<Models, 'Alert'>): RequestHandler {
  return async (req, res, next) => {
    res.locals.openAlerts = null;
    if (req.method !== 'GET' || isApiPath(req.path) || !req.actor || !can(req.actor.role, 'runs:view')) return next();
    try {
      const [count, latest] = await Promise.all([models.Alert.countDocuments({ resolvedAt: null }), models.Alert.findOne({ resolvedAt: null }, { message: 1, runId: 1 }).sort({ raisedAt: -1 }).lean()]);
      res.locals.openAlerts = count > 0 && latest ? { count, message: latest.message, runId: latest.runId } : null;
      next();
    } catch (err) {
      next(err);
    }
  };
}
