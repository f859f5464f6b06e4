import { Types } from 'mongoose';
import type { Models } from '../models';
import { can, type Role } from './roles';

interface TokenFacts {
  expiresAt?: Date | null;
  ownerUserId?: string | null;
  createdBy: string;
}

/**
 * Why a stored, unrevoked token may not act any more, or null when it may. A token speaks for the
 * admin who made it: once that admin is gone, disabled or no longer an admin, it stops working
 * with them, and re-enabling the admin brings it back (revoking is still the way to end it for good).
 */
export async function tokenRefusal(models: Pick<Models, 'User'>, token: TokenFacts, now = new Date()): Promise<string | null> {
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return `API token expired on ${token.expiresAt.toISOString()}`;
  // Tokens made before owners were recorded name their maker by email.
  const owner = token.ownerUserId
    ? Types.ObjectId.isValid(token.ownerUserId) && await models.User.findById(token.ownerUserId, { role: 1, disabled: 1 }).lean()
    : await models.User.findOne({ email: token.createdBy }, { role: 1, disabled: 1 }).lean();
  if (!owner) return 'API token refused: the user who created it no longer exists';
  if (owner.disabled) return 'API token refused: the user who created it is disabled';
  if (!can(owner.role as Role, 'tokens:manage')) return 'API token refused: the user who created it may no longer manage tokens';
  return null;
}
