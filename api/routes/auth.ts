import { Router, type Request, type RequestHandler } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import { MIN_PASSWORD_LENGTH } from '../../domain/auth/passwords';
import { checkSignIn, dummyPasswordHash } from '../../domain/auth/sign-in';
import { normaliseSignInEmail } from '../../domain/auth/sign-in-identifier';
import type { Models } from '../../domain/models';
import { HttpError, NotFoundError } from '../http-errors';
import { parsePublicForm } from '../security/body-limits';
import { verifyCsrf } from '../security/csrf';
import { createFirstAdmin, hasAnyUser, noteSignedIn } from '../services/users';

const loginForm = z.object({
  email: z.preprocess(normaliseSignInEmail, z.string().email('enter the email address you sign in with')),
  password: z.string().min(1, 'enter your password'),
  next: z.string().optional(),
});

const setupForm = z
  .object({
    name: z.string().trim().min(1, 'enter your name').max(100),
    email: z.preprocess(normaliseSignInEmail, z.string().email('enter a valid email address')),
    password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
    confirm: z.string(),
  })
  .refine((form) => form.password === form.confirm, { path: ['confirm'], message: 'the two passwords differ' });

/** Only local paths: an attacker-supplied `next=//evil.example` must not become an open redirect. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message]));
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function authRouter(deps: { models: Models; loginAttemptsPerWindow?: number; secureCookies: boolean }): Router {
  const { models } = deps;
  const router = Router();
  // Starts the memoised dummy hash now so the first unknown-user sign-in is not slower than the
  // rest; sign-in awaits the same promise, so nothing is lost by not waiting here.
  void dummyPasswordHash();
  // A Secure cookie never comes back over plain HTTP: without this check the user would be signed
  // in and silently out again (and the CSRF check would blame the form).
  const requireHttps: RequestHandler = (req, _res, next) => {
    if (deps.secureCookies && !req.secure) {
      throw new HttpError(400, 'Sign-in needs HTTPS in production: serve crm-sync over TLS, or set TRUST_PROXY to the TLS proxy in front of it');
    }
    next();
  };
  const loginLimiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: deps.loginAttemptsPerWindow ?? 10,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The same spelling the sign-in looks the user up by: padding or case cannot buy fresh attempts.
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${normaliseSignInEmail((req.body as { email?: unknown } | undefined)?.email)}`,
    handler: (_req, _res, next) => next(new HttpError(429, 'Too many sign-in attempts for this account: wait 15 minutes and try again')),
  });

  router.get('/login', async (req, res) => {
    if (!(await hasAnyUser(models))) return res.redirect('/setup');
    if (req.actor) return res.redirect('/');
    res.render('auth/login', { title: 'Sign in', errors: {}, values: { next: typeof req.query.next === 'string' ? req.query.next : '' } });
  });

  router.post('/login', parsePublicForm, loginLimiter, requireHttps, verifyCsrf, async (req, res) => {
    const parsed = loginForm.safeParse(req.body);
    const values = { email: String(req.body?.email ?? ''), next: String(req.body?.next ?? '') };
    if (!parsed.success) return res.status(400).render('auth/login', { title: 'Sign in', errors: fieldErrors(parsed.error), values });
    const user = await checkSignIn(models, parsed.data.email, parsed.data.password);
    if (!user) {
      return res.status(401).render('auth/login', { title: 'Sign in', errors: { form: 'Email or password is wrong, or the account is disabled' }, values });
    }
    await regenerate(req);
    req.session.userId = String(user._id);
    await noteSignedIn(models, user._id);
    await recordAudit(models, { kind: 'user', id: String(user._id), name: user.email }, 'signed-in');
    res.redirect(safeNext(parsed.data.next));
  });

  router.post('/logout', parsePublicForm, verifyCsrf, async (req, res) => {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('crm_sync_sid');
    res.redirect('/login');
  });

  // The one-time setup page exists only while there is no user at all.
  router.get('/setup', async (_req, res) => {
    if (await hasAnyUser(models)) throw new NotFoundError('page');
    res.render('auth/setup', { title: 'Set up crm-sync', errors: {}, values: {} });
  });

  router.post('/setup', parsePublicForm, requireHttps, verifyCsrf, async (req, res) => {
    if (await hasAnyUser(models)) throw new NotFoundError('page');
    const parsed = setupForm.safeParse(req.body);
    const values = { name: String(req.body?.name ?? ''), email: String(req.body?.email ?? '') };
    if (!parsed.success) return res.status(400).render('auth/setup', { title: 'Set up crm-sync', errors: fieldErrors(parsed.error), values });
    const user = await createFirstAdmin(models, parsed.data);
    await recordAudit(models, { kind: 'user', id: String(user._id), name: user.email }, 'created-first-admin', { kind: 'user', id: String(user._id), name: user.email });
    await regenerate(req);
    req.session.userId = String(user._id);
    res.redirect('/');
  });

  return router;
}
