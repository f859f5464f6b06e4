/** API tokens an admin manages: listing, creating (the token itself is returned once) and revoking. */
import { Types } from 'mongoose';
import { generateApiToken } from '../../domain/auth/api-tokens';
import type { Role } from '../../domain/auth/roles';
import type { Models } from '../../domain/models';
import type { RequestActor } from '../auth/request-context';
import { NotFoundError } from '../http-errors';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function listApiTokens(models: Pick<Models, 'ApiToken'>) {
  return models.ApiToken.find().sort({ createdAt: -1 }).lean();
}

export async function createApiToken(models: Pick<Models, 'ApiToken'>, input: { name: string; role: Role; expiresInDays?: number }, actor: RequestActor) {
  const generated = generateApiToken();
  // A token made by a token belongs to the user behind that token.
  const ownerUserId = actor.kind === 'user' ? actor.id : ((await models.ApiToken.findById(actor.id, { ownerUserId: 1 }).lean())?.ownerUserId ?? null);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  const doc = await models.ApiToken.create({
    name: input.name,
    role: input.role,
    tokenHash: generated.hash,
    displayPrefix: generated.displayPrefix,
    createdBy: actor.name,
    ownerUserId,
    expiresAt,
  });
  return { doc, token: generated.token };
}

/** Revoking twice is a 404 the second time: only an active token can be revoked. */
export async function revokeApiToken(models: Pick<Models, 'ApiToken'>, id: string) {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError(`token ${id}`);
  const token = await models.ApiToken.findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date() } }, { new: true }).lean();
  if (!token) throw new NotFoundError(`active token ${id}`);
  return token;
}
