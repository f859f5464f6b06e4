import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import { ROLES } from '../../domain/auth/roles';
import type { Models } from '../../domain/models';
import { actorOf, requirePermission } from '../auth/authorize';
import type { RequestActor } from '../auth/request-context';
import { routeParam } from '../route-param';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens';
import { parseInput } from '../validate';
import type { apiTokenCreatedJson, ApiTokenJson } from '../presenters/account-json-schema';

export const newToken = z.object({
  name: z.string().trim().min(1, 'name the token after what uses it').max(100),
  role: z.enum(ROLES, { message: 'choose admin, ops or marketer' }),
  // Optional: a token for a one-off job should not outlive the job. Forms send "" for "never".
  expiresInDays: z.preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ message: 'give the days until the token expires, or leave it empty' }).int('whole days').min(1, 'at least 1 day').max(3650, 'at most 3650 days').optional(),
  ),
});

function present(token: { _id: unknown; name: string; displayPrefix: string; role: string; createdBy: string; lastUsedAt?: Date | null; revokedAt?: Date | null; expiresAt?: Date | null; createdAt?: Date }): ApiTokenJson {
  return {
    id: String(token._id),
    name: token.name,
    prefix: token.displayPrefix,
    role: token.role,
    createdBy: token.createdBy,
    createdAt: token.createdAt ?? null,
    expiresAt: token.expiresAt ?? null,
    lastUsedAt: token.lastUsedAt ?? null,
    revokedAt: token.revokedAt ?? null,
  };
}

/** API tokens: created and revoked by admins; the token is shown once, then only its prefix. */
export function tokensRouter({ models }: { models: Models }): Router {
  const router = Router();
  router.use(['/settings/tokens', '/api/v1/tokens'], requirePermission('tokens:manage'));

  async function create(body: unknown, actor: RequestActor) {
    return createApiToken(models, parseInput(newToken, body, 'body'), actor);
  }

  router.get('/api/v1/tokens', async (_req, res) => {
    res.json({ tokens: (await listApiTokens(models)).map(present) });
  });

  router.post('/api/v1/tokens', async (req, res) => {
    const { doc, token } = await create(req.body, actorOf(req));
    await recordAudit(models, actorOf(req), 'created-token', { kind: 'token', id: String(doc._id), name: doc.name }, { role: doc.role });
    res.status(201).json({ ...present(doc), token } satisfies z.infer<typeof apiTokenCreatedJson>);
  });

  router.delete('/api/v1/tokens/:id', async (req, res) => {
    const token = await revokeApiToken(models, routeParam(req, 'id'));
    await recordAudit(models, actorOf(req), 'revoked-token', { kind: 'token', id: String(token._id), name: token.name });
    res.status(204).end();
  });

  router.get('/settings/tokens', async (_req, res) => {
    res.render('settings/tokens', { title: 'API tokens', tokens: (await listApiTokens(models)).map(present), roles: ROLES, created: null, errors: {} });
  });

  router.post('/settings/tokens', async (req, res) => {
    const parsed = newToken.safeParse(req.body);
    const tokens = async () => (await listApiTokens(models)).map(present);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
      return res.status(400).render('settings/tokens', { title: 'API tokens', tokens: await tokens(), roles: ROLES, created: null, errors });
    }
    const { doc, token } = await create(parsed.data, actorOf(req));
    await recordAudit(models, actorOf(req), 'created-token', { kind: 'token', id: String(doc._id), name: doc.name }, { role: doc.role });
    // Rendered (not redirected) so the token is shown exactly once and never stored in a session.
    res.render('settings/tokens', { title: 'API tokens', tokens: await tokens(), roles: ROLES, created: { name: doc.name, token }, errors: {} });
  });

  router.post('/settings/tokens/:id/revoke', async (req, res) => {
    const token = await revokeApiToken(models, routeParam(req, 'id'));
    await recordAudit(models, actorOf(req), 'revoked-token', { kind: 'token', id: String(token._id), name: token.name });
    req.session.flash = { kind: 'ok', message: `Token "${token.name}" revoked.` };
    res.redirect('/settings/tokens');
  });

  return router;
}
