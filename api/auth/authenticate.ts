import type { RequestHandler } from 'express';
import { hashApiToken } from '../../domain/auth/api-tokens';
import type { Role } from '../../domain/auth/roles';
import type { Models } from '../../domain/models';
import { HttpError } from '../http-errors';
import './request-context';

const BEARER = /^Bearer ([A-Za-z0-9_\-]+)$/;

/**
 * Resolves req.actor from `Authorization: Bearer <token>` or the session. A bad bearer token is a 401
 * at once (never a silent fall-back to the session cookie), so automation fails loudly.
 */
export function authenticate(models: Pick<Models, 'User' | 'ApiToken'>): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header) {
      const match = BEARER.exec(header);
      if (!match) throw new HttpError(401, 'Authorization header must be "Bearer <API token>"');
      const token = await models.ApiToken.findOne({ tokenHash: hashApiToken(match[1]), revokedAt: null }).lean();
      if (!token) throw new HttpError(401, 'API token is invalid or revoked');
      req.actor = { kind: 'token', id: String(token._id), name: `token:${token.name}`, role: token.role as Role, via: 'token' };
      await models.ApiToken.updateOne({ _id: token._id }, { $set: { lastUsedAt: new Date() } });
      return next();
    }
    const userId = req.session?.userId;
    if (userId) {
      const user = await models.User.findById(userId).lean();
      if (user && !user.disabled) {
        req.actor = { kind: 'user', id: String(user._id), name: user.email, role: user.role as Role, via: 'session' };
      } else {
        delete req.session.userId;
      }
    }
    next();
  };
}
