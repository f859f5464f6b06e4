/** The users an admin manages: listing, creating and changing role or access. */
import { hashPassword } from '../../domain/auth/passwords';
import type { Role } from '../../domain/auth/roles';
import type { Models } from '../../domain/models';
import { HttpError, NotFoundError } from '../http-errors';

export async function listUsers(models: Pick<Models, 'User'>) {
  return models.User.find().sort({ email: 1 }).lean();
}

/** Emails are unique: a second user with one is a 409, not a duplicate sign-in. */
export async function createUser(models: Pick<Models, 'User'>, input: { name: string; email: string; role: Role; password: string }) {
  if (await models.User.exists({ email: input.email })) throw new HttpError(409, `a user with email ${input.email} already exists`);
  return models.User.create({ name: input.name, email: input.email, role: input.role, passwordHash: await hashPassword(input.password) });
}

/** An admin who demoted or disabled themself could leave no admin at all, so another admin must do it. */
export async function changeUser(models: Pick<Models, 'User'>, id: string, change: { role?: Role; disabled?: 'true' | 'false' }, actorId: string) {
  const user = await models.User.findById(id);
  if (!user) throw new NotFoundError(`user ${id}`);
  if (String(user._id) === actorId && ((change.role && change.role !== 'admin') || change.disabled === 'true')) {
    throw new HttpError(400, 'You cannot demote or disable yourself: ask another admin');
  }
  if (change.role) user.role = change.role;
  if (change.disabled) user.disabled = change.disabled === 'true';
  await user.save();
  return user;
}

/** Until the first user exists, the app offers only its one-time setup page. */
export async function hasAnyUser(models: Pick<Models, 'User'>): Promise<boolean> {
  return Boolean(await models.User.exists({}));
}

export async function createFirstAdmin(models: Pick<Models, 'User'>, input: { name: string; email: string; password: string }) {
  return models.User.create({ name: input.name, email: input.email, role: 'admin', passwordHash: await hashPassword(input.password) });
}

export async function noteSignedIn(models: Pick<Models, 'User'>, userId: unknown): Promise<void> {
  await models.User.updateOne({ _id: userId }, { $set: { lastLoginAt: new Date() } });
}
