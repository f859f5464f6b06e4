import type { NextFunction, Request, Response } from 'express';
import { applyRequestFault } from '../../emulator-kit/request-faults';
import type { EmulatorContext } from '../context';
import { clientNameOf } from '../credentials';
import { DataverseError, ErrorCodes } from '../errors';
import { batchWrites } from './batch';
import { isWrite } from './dispatch';

function bearerToken(req: Request): string | undefined {
  const [scheme, token] = (req.get('authorization') ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : undefined;
}

function sendError(res: Response, err: DataverseError): void {
  res.set(err.headers);
  if (err.status === 401) res.status(401).end();
  else res.status(err.status).json(err.toBody());
}

/**
 * What every Web API request goes through, in this order: the bearer token (401 with an empty body
 * and WWW-Authenticate, as Dataverse answers), the per-user concurrency limit (429 0x80072326), then
 * injected faults. The in-flight count drops when the answer is sent or the socket closes.
 */
export function apiGate(ctx: EmulatorContext) {
  const inFlight = new Map<string, number>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const grant = ctx.tokens.lookup(bearerToken(req));
    if (!grant) {
      return sendError(res, new DataverseError(401, '', '', { 'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${ctx.store.organizationId}/oauth2/authorize, resource_id=${req.protocol}://${req.get('host') ?? ''}/` }));
    }
    const client = clientNameOf(grant.clientId);
    ctx.stats.countCall(client);
    const running = (inFlight.get(grant.userId) ?? 0) + 1;
    if (running > ctx.settings.maxConcurrentRequests) {
      ctx.stats.concurrencyRejections += 1;
      return sendError(res, new DataverseError(429, ErrorCodes.ThrottlingConcurrency, `Number of concurrent requests exceeded the limit of ${ctx.settings.maxConcurrentRequests}.`, { 'Retry-After': String(ctx.settings.concurrencyRetryAfterSeconds) }));
    }
    inFlight.set(grant.userId, running);
    let released = false;
    const release = () => {
      if (!released) (released = true), inFlight.set(grant.userId, (inFlight.get(grant.userId) ?? 1) - 1);
    };
    res.once('finish', release);
    res.once('close', release);
    res.locals.userId = grant.userId;
    res.locals.client = client;
    const writes = req.path.endsWith('$batch') ? batchWrites(String(req.body ?? '')) : isWrite(req.method);
    if (await applyRequestFault(ctx.faults.forRequest(writes), req, res, sendError)) next();
  };
}
