import type { NextFunction, Request, Response } from 'express';
import { applyRequestFault } from '../../emulator-kit/request-faults';
import type { EmulatorContext } from '../context';
import { clientNameOf } from '../credentials';
import { sugarErrors, type SugarError } from '../errors';
import { isWrite } from './api-request';
import { bulkWrites } from './bulk';

/** Sugar reads its own `OAuth-Token` header; an `Authorization: Bearer` header is read too. */
function accessToken(req: Request): string | undefined {
  const oauth = req.get('oauth-token');
  if (oauth) return oauth;
  const [scheme, token] = (req.get('authorization') ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

export function sendError(res: Response, err: SugarError): void {
  res.set(err.headers).status(err.status).json(err.toBody());
}

/**
 * What every API request goes through, in this order: the access token (401 need_login without one,
 * 401 invalid_grant for an expired or unknown one), then injected faults.
 */
export function apiGate(ctx: EmulatorContext, pathOf: (req: Request) => string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = accessToken(req);
    const session = ctx.tokens.lookup(token);
    if (!session) return sendError(res, token ? sugarErrors.invalidGrant() : sugarErrors.needLogin());
    const client = clientNameOf(session.username);
    ctx.stats.countCall(client);
    res.locals.session = { ...session, client };
    const path = pathOf(req);
    const writes = path === 'bulk' ? bulkWrites(req.body) : isWrite(req.method, path);
    if (await applyRequestFault(ctx.faults.forRequest(writes), req, res, sendError)) next();
  };
}
