import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { hashApiToken } from '../../domain/auth/api-tokens';
import type { Role } from '../../domain/auth/roles';
import { tokenRefusal } from '../../domain/auth/token-validity';
import type { Models } from '../../domain/models';
import { HttpError } from '../http-errors';
import { createFailureLimit } from '../security/failure-limit';
import './request-context';

const BEARER = /^Bearer ([A-Za-z0-9_\-]+)$/;

/** Failed bearer authentications allowed per window, per client address and per presented token. */
export interface BearerFailureLimits {
  perAddress: number;
  perToken: number;
  windowMs: number;
}

export const DEFAULT_BEARER_FAILURE_LIMITS: BearerFailureLimits = { perAddress: 30, perToken: 10, windowMs: 15 * 60 * 1000 };

function refuseTooMany(res: Response, waitMs: number): never {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  res.setHeader('Retry-After', String(seconds));
  throw new HttpError(429, `Too many failed API token authentications from this client or with this token: try again in ${seconds} s`);
}

/**
 * Resolves req.actor from `Authorization: Bearer <token>` or the session. A bad bearer token is a 401
 * at once (never a silent fall-back to the session cookie), so automation fails loudly; past a few
 * failures per address or per token the answer is a 429 before any look-up, so guessing and a
 * forgotten cron job with a revoked token both stop costing database work.
 */
export function authenticate(models: Pick<Models, 'User' | 'ApiToken'>, limits: BearerFailureLimits = DEFAULT_BEARER_FAILURE_LIMITS): RequestHandler {
  const byAddress = createFailureLimit({ failures: limits.perAddress, windowMs: limits.windowMs });
  const byToken = createFailureLimit({ failures: limits.perToken, windowMs: limits.windowMs });
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header) {
      const address = ipKeyGenerator(req.ip ?? '');
      const match = BEARER.exec(header);
      const tokenHash = match ? hashApiToken(match[1]) : undefined;
      const waitMs = Math.max(byAddress.blockedFor(address), tokenHash ? byToken.blockedFor(tokenHash) : 0);
      if (waitMs > 0) refuseTooMany(res, waitMs);
      const fail = (message: string): never => {
        byAddress.recordFailure(address);
        if (tokenHash) byToken.recordFailure(tokenHash);
        throw new HttpError(401, message);
      };
      if (!tokenHash) return fail('Authorization header must be "Bearer <API token>"');
      const token = await models.ApiToken.findOne({ tokenHash, revokedAt: null }).lean();
      if (!token) return fail('API token is invalid or revoked');
      const refusal = await tokenRefusal(models, token);
      if (refusal) return fail(refusal);
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
