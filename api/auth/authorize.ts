import type { Request, RequestHandler } from 'express';
import { can, type Permission } from '../../domain/auth/roles';
import { HttpError } from '../http-errors';
import { wantsJson } from '../request-kind';
import type { RequestActor } from './request-context';

/** Every route outside login, setup, health and static assets goes through this. */
export const requireSignedIn: RequestHandler = (req, res, next) => {
  if (req.actor) return next();
  if (!wantsJson(req) && req.method === 'GET') {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  throw new HttpError(401, 'Sign in, or send an API token as "Authorization: Bearer <token>"');
};

/** Checks the role on the server for one permission; the 403 says which role lacks what. */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) throw new HttpError(401, 'Sign in first');
    if (!can(req.actor.role, permission)) {
      throw new HttpError(403, `Your role (${req.actor.role}) does not allow ${permission.replace(':', ' → ')}`);
    }
    next();
  };
}

export function actorOf(req: Request): RequestActor {
  if (!req.actor) throw new HttpError(401, 'Sign in first');
  return req.actor;
}
