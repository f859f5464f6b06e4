import type { NextFunction, Request, Response } from 'express';
import { applyRequestFault } from '../../emulator-kit/request-faults';
import { SUPPORTED_VERSIONS, type EmulatorContext } from '../context';
import { SfApiError, notFound, sendSfError } from '../errors';
import { callingClient, endpointName, isRecordDelete, writesRecords } from '../stats';

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const [scheme, token] = header.split(' ');
  if (token && (scheme === 'Bearer' || scheme === 'OAuth')) return token;
  return typeof req.query.oauth_token === 'string' ? req.query.oauth_token : undefined;
}

/**
 * What every REST call goes through, in Salesforce's order: it is counted (the limit header shows
 * the usage including this call), checked against the daily limit, authenticated, then faults apply.
 */
export function restGate(ctx: EmulatorContext, options: { requireSession: boolean }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { stats, settings } = ctx;
    const endpoint = endpointName(req.method, req.originalUrl.split('?')[0]);
    const client = callingClient(req.get('sforce-call-options'));
    stats.countCall(endpoint, client);
    // Bulk job bodies are parsed by the route, so the delete check waits for the answer.
    res.once('finish', () => {
      if (isRecordDelete(endpoint, req.body)) stats.countDeleteRequest({ client, endpoint, path: req.originalUrl });
    });
    res.setHeader('Sforce-Limit-Info', `api-usage=${stats.apiCalls}/${settings.dailyApiLimit}`);
    if (stats.apiCalls > settings.dailyApiLimit) {
      return sendSfError(res, new SfApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    }
    if (options.requireSession) {
      const session = ctx.sessions.lookup(bearerToken(req));
      if (!session) return sendSfError(res, new SfApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'));
      res.locals.userId = session.userId;
    }
    if (await applyRequestFault(ctx.faults.forRequest({ writesRecords: writesRecords(endpoint) }), req, res, sendSfError)) next();
  };
}

/** `/services/data/vXX.X/…`: an unknown version is a 404 like any unknown resource. */
export function requireKnownVersion(req: Request, res: Response, next: NextFunction): void {
  const version = String(req.params.version ?? '');
  if (!version.startsWith('v') || !SUPPORTED_VERSIONS.includes(version.slice(1))) return sendSfError(res, notFound());
  res.locals.apiVersion = version.slice(1);
  next();
}

export function apiVersionOf(res: Response): string {
  return res.locals.apiVersion as string;
}

/** Maps thrown errors to Salesforce's JSON error shape; anything unexpected is an UNKNOWN_EXCEPTION 500. */
export function restErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof SfApiError) return sendSfError(res, err);
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return sendSfError(res, new SfApiError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${e.message ?? ''}`));
  if (e.status === 413) return sendSfError(res, new SfApiError(413, 'REQUEST_TOO_LARGE', 'request body too large'));
  sendSfError(res, new SfApiError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${e.message ?? String(err)}`));
}
