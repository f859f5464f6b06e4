import type { Request, Response } from 'express';
import type { EmulatorContext } from '../context';
import { DEMO_CREDENTIALS, KNOWN_PLATFORMS, TEST_ADMIN_CREDENTIALS } from '../credentials';
import type { IssuedTokens } from '../tokens';

const USERS: ReadonlyArray<{ username: string; password: string }> = [DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS];
const CLIENTS: ReadonlyArray<{ clientId: string; clientSecret: string }> = [{ clientId: 'sugar', clientSecret: '' }];

function fail(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, error_message: message });
}

function answer(res: Response, tokens: IssuedTokens): void {
  res.json({
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    token_type: 'bearer',
    scope: null,
    refresh_token: tokens.refreshToken,
    refresh_expires_in: tokens.refreshExpiresIn,
    download_token: tokens.accessToken.split('').reverse().join(''),
  });
}

/**
 * `POST /rest/<version>/oauth2/token`: the password grant (client_id `sugar`, empty secret, username,
 * password, platform) and the refresh_token grant; JSON or form-encoded. Not an API call: never
 * counted, never faulted.
 */
export function issueTokens(ctx: EmulatorContext) {
  return (req: Request, res: Response): void => {
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, unknown>;
    const client = CLIENTS.find((c) => c.clientId === body.client_id);
    if (!client || (body.client_secret ?? '') !== client.clientSecret) return fail(res, 400, 'invalid_client', 'The client credentials are invalid');
    const platform = typeof body.platform === 'string' && body.platform ? body.platform : 'base';
    if (!(KNOWN_PLATFORMS as readonly string[]).includes(platform)) return fail(res, 400, 'invalid_parameter', `The platform ${platform} is not registered on this instance.`);
    if (body.grant_type === 'refresh_token') {
      const tokens = typeof body.refresh_token === 'string' ? ctx.tokens.refreshSession(body.refresh_token, client.clientId) : undefined;
      return tokens ? answer(res, tokens) : fail(res, 400, 'invalid_grant', 'Invalid refresh token');
    }
    if (body.grant_type !== 'password') return fail(res, 400, 'unsupported_grant_type', 'Grant type not supported');
    const known = USERS.find((u) => u.username === body.username && u.password === body.password);
    const user = known && ctx.store.list('Users').find((u) => u.user_name === known.username && u.status === 'Active');
    if (!user) return fail(res, 401, 'need_login', 'You must specify a valid username and password.');
    answer(res, ctx.tokens.login({ userId: user.id as string, username: user.user_name as string, clientId: client.clientId, platform }));
  };
}
