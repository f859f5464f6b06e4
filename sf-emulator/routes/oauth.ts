import { createHmac } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { adminUser, authenticateUser } from '../auth';
import { instanceUrl, type EmulatorContext } from '../context';
import { DEMO_CREDENTIALS } from '../credentials';
import type { SfRecord } from '../schema';

type OAuthError = { status: number; error: string; description: string };

const INVALID_GRANT: OAuthError = { status: 400, error: 'invalid_grant', description: 'authentication failure' };

/** Client id/secret from the form or, as RFC 6749 also allows, HTTP Basic auth. */
function clientOf(req: Request): { id?: string; secret?: string } {
  const basic = req.get('authorization');
  if (basic?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: req.body?.client_id, secret: req.body?.client_secret };
}

function checkClient(req: Request, secretRequired: boolean): OAuthError | undefined {
  const client = clientOf(req);
  if (client.id !== DEMO_CREDENTIALS.clientId) return { status: 400, error: 'invalid_client_id', description: 'client identifier invalid' };
  if ((secretRequired || client.secret !== undefined) && client.secret !== DEMO_CREDENTIALS.clientSecret) {
    return { status: 400, error: 'invalid_client', description: 'invalid client credentials' };
  }
  return undefined;
}

/** The token endpoint for the password, client_credentials and refresh_token grants. */
export function oauthRouter(ctx: EmulatorContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false }));

  router.post('/token', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const grant = body.grant_type;
    let user: SfRecord | undefined;
    let problem: OAuthError | undefined;
    let withRefreshToken = false;
    if (grant === 'password') {
      problem = checkClient(req, true);
      user = problem ? undefined : authenticateUser(ctx.store, body.username ?? '', body.password ?? '');
      // Real orgs issue refresh tokens only to the web-server flow; the emulator hands one out here so refresh can be tested.
      withRefreshToken = true;
    } else if (grant === 'client_credentials') {
      problem = checkClient(req, true);
      user = problem ? undefined : adminUser(ctx.store);
    } else if (grant === 'refresh_token') {
      problem = checkClient(req, false);
      const userId = problem ? undefined : ctx.sessions.userForRefreshToken(body.refresh_token ?? '');
      user = userId ? ctx.store.get('User', userId) : undefined;
      if (!problem && !user) problem = { status: 400, error: 'invalid_grant', description: 'expired access/refresh token' };
    } else {
      problem = { status: 400, error: 'unsupported_grant_type', description: 'grant type not supported' };
    }
    if (!problem && !user) problem = INVALID_GRANT;
    if (problem || !user) {
      const p = problem ?? INVALID_GRANT;
      res.status(p.status).json({ error: p.error, error_description: p.description });
      return;
    }
    const base = instanceUrl(req);
    const id = `${base}/id/${ctx.store.orgId}/${user.Id}`;
    const issuedAt = String(Date.now());
    res.json({
      access_token: ctx.sessions.open(user.Id, 'oauth2'),
      ...(withRefreshToken ? { refresh_token: ctx.sessions.issueRefreshToken(user.Id) } : {}),
      signature: createHmac('sha256', DEMO_CREDENTIALS.clientSecret).update(id + issuedAt).digest('base64'),
      scope: 'api refresh_token',
      instance_url: base,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  });

  router.post('/revoke', (_req: Request, res: Response) => {
    res.status(200).end();
  });
  return router;
}
