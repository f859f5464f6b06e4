import type { NextFunction, Request, Response } from 'express';
import type { EmulatorContext } from '../context';
import { clientNameOf } from '../credentials';
import { sugarErrors, type SugarError } from '../errors';
import { isWrite } from './api-request';
import { bulkWrites } from './bulk';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    const fault = ctx.faults.forRequest(writes);
    if (fault?.kind === 'latency') await sleep(fault.ms);
    if (fault?.kind === 'error') return sendError(res, fault.error);
    if (fault?.kind === 'lost-answer') dropTheAnswer(req, res);
    next();
  };
}

/** The request is handled in full (its writes land) but the answer never leaves: the connection is reset instead. */
function dropTheAnswer(req: Request, res: Response): void {
  const drop = () => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = drop as unknown as Response['writeHead'];
  res.write = drop as unknown as Response['write'];
  res.end = drop as unknown as Response['end'];
}
