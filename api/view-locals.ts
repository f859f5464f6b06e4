import type { Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../domain/auth/roles';
import { csrfTokenFor } from './security/csrf';

/** What every template may use: who is signed in, what they may do, the CSRF token, a one-time flash. */
export function setViewLocals(req: Request, res: Response, options: { temporalUiUrl?: string } = {}): void {
  res.locals.actor = req.actor ?? null;
  res.locals.can = (permission: Permission) => Boolean(req.actor && can(req.actor.role, permission));
  res.locals.csrfToken = () => (req.session ? csrfTokenFor(req) : '');
  res.locals.currentPath = req.path;
  res.locals.temporalUiUrl = options.temporalUiUrl ?? null;
  res.locals.flash = null;
}

/**
 * The one-time message is taken only when a page is rendered successfully: a background request
 * (the browser's /favicon.ico, a 404, a JSON poll) must not swallow it before the user sees it.
 */
function takeFlashOnRender(req: Request, res: Response): void {
  const render = res.render.bind(res) as (...args: unknown[]) => void;
  res.render = ((...args: unknown[]) => {
    if (res.statusCode < 400 && req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    render(...args);
  }) as Response['render'];
}

/**
 * express-session stores a changed session only once the response is under way, and a browser
 * follows a redirect as soon as it has the headers: the next page could load the session before the
 * flash (or a fresh sign-in) is in it. Every redirect therefore saves the session first.
 */
function saveSessionBeforeRedirect(req: Request, res: Response): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((err) => (err ? req.next?.(err) : redirect(...args)));
  }) as Response['redirect'];
}

export function viewLocals(options: { temporalUiUrl?: string }): RequestHandler {
  return (req, res, next) => {
    setViewLocals(req, res, options);
    takeFlashOnRender(req, res);
    saveSessionBeforeRedirect(req, res);
    next();
  };
}
