import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS } from '../credentials';

const APPS: ReadonlyArray<{ clientId: string; clientSecret: string }> = [DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS];

/** Entra ID's error body: error, error_description starting with the AADSTS code, error_codes, ids. */
function entraError(res: Response, status: number, error: string, code: number, description: string): void {
  res.status(status).json({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

/** Client id/secret from the form or, as RFC 6749 allows, HTTP Basic auth. */
function clientOf(req: Request): { id?: string; secret?: string } {
  const basic = req.get('authorization');
  if (basic?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: req.body?.client_id, secret: req.body?.client_secret };
}

/**
 * POST /{tenant}/oauth2/v2.0/token, the Microsoft identity platform's client credentials grant:
 * form-encoded grant_type=client_credentials, client_id, client_secret, scope=<org URL>/.default.
 * Not an API call: never counted, never faulted.
 */
export function tokenRouter(ctx: EmulatorContext): Router {
  const router = Router();
  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (req.params.tenant !== DEMO_CREDENTIALS.tenantId) return entraError(res, 400, 'invalid_request', 90002, `Tenant '${String(req.params.tenant)}' not found.`);
    if (body.grant_type !== 'client_credentials') return entraError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const client = clientOf(req);
    const app = APPS.find((a) => a.clientId === client.id);
    if (!app) return entraError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${client.id ?? ''}' was not found in the directory.`);
    if (client.secret !== app.clientSecret) return entraError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    if (!body.scope?.endsWith('/.default')) return entraError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${body.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
    const { token, expiresIn } = ctx.tokens.issue(app.clientId, ctx.store.adminUserId);
    res.json({ token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
  });
  return router;
}
