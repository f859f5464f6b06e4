import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import { MIN_PASSWORD_LENGTH } from '../../domain/auth/passwords';
import { ROLES } from '../../domain/auth/roles';
import { normaliseSignInEmail } from '../../domain/auth/sign-in-identifier';
import type { Models } from '../../domain/models';
import { actorOf, requirePermission } from '../auth/authorize';
import { HttpError, NotFoundError } from '../http-errors';
import { routeParam } from '../route-param';
import { changeUser, createUser, listUsers } from '../services/users';
import { parseInput } from '../validate';
import type { UserJson } from '../presenters/account-json-schema';

export const newUser = z.object({
  name: z.string().trim().min(1, 'enter a name').max(100),
  // Stored under the spelling sign-in looks users up by.
  email: z.preprocess(normaliseSignInEmail, z.string().email('enter a valid email address')),
  role: z.enum(ROLES, { message: 'choose admin, ops or marketer' }),
  password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
});
export const userChange = z.object({ role: z.enum(ROLES).optional(), disabled: z.enum(['true', 'false']).optional() });

function present(user: { _id: unknown; name: string; email: string; role: string; disabled?: boolean | null; lastLoginAt?: Date | null }): UserJson {
  return { id: String(user._id), name: user.name, email: user.email, role: user.role, disabled: Boolean(user.disabled), lastLoginAt: user.lastLoginAt ?? null };
}

export function usersRouter({ models }: { models: Models }): Router {
  const router = Router();
  router.use(['/settings/users', '/api/v1/users'], requirePermission('users:manage'));

  async function create(body: unknown) {
    return createUser(models, parseInput(newUser, body, 'body'));
  }

  router.get('/api/v1/users', async (_req, res) => {
    res.json({ users: (await listUsers(models)).map(present) });
  });

  router.post('/api/v1/users', async (req, res) => {
    const user = await create(req.body);
    await recordAudit(models, actorOf(req), 'created-user', { kind: 'user', id: String(user._id), name: user.email }, { role: user.role });
    res.status(201).json(present(user));
  });

  router.get('/settings/users', async (_req, res) => {
    res.render('settings/users', { title: 'Users', users: (await listUsers(models)).map(present), roles: ROLES, errors: {}, values: {} });
  });

  router.post('/settings/users', async (req, res) => {
    try {
      const user = await create(req.body);
      await recordAudit(models, actorOf(req), 'created-user', { kind: 'user', id: String(user._id), name: user.email }, { role: user.role });
      req.session.flash = { kind: 'ok', message: `User ${user.email} created as ${user.role}.` };
      res.redirect('/settings/users');
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const details = (err.details as { path: string; message: string }[] | undefined) ?? [{ path: 'body.form', message: err.message }];
      const errors = Object.fromEntries(details.map((d) => [d.path.replace(/^body\./, ''), d.message]));
      const users = (await listUsers(models)).map(present);
      res.status(err.status).render('settings/users', { title: 'Users', users, roles: ROLES, errors, values: { ...req.body, password: '' } });
    }
  });

  router.post('/settings/users/:id', async (req, res) => {
    const id = routeParam(req, 'id');
    if (!Types.ObjectId.isValid(id)) throw new NotFoundError(`user ${id}`);
    const change = parseInput(userChange, req.body && { role: req.body.role, disabled: req.body.disabled }, 'body');
    const user = await changeUser(models, id, change, actorOf(req).id);
    await recordAudit(models, actorOf(req), 'changed-user', { kind: 'user', id, name: user.email }, change);
    req.session.flash = { kind: 'ok', message: `User ${user.email} updated.` };
    res.redirect('/settings/users');
  });

  return router;
}
