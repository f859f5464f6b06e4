/** The JSON of API tokens and users (api/routes/tokens.ts, users.ts). */
import { z } from 'zod';
import { instant } from './common-json';

export const apiTokenJson = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The first characters of the token, to recognise it; the token itself is never shown again. */
    prefix: z.string(),
    role: z.string(),
    createdBy: z.string(),
    createdAt: instant.nullable(),
    expiresAt: instant.nullable(),
    lastUsedAt: instant.nullable(),
    revokedAt: instant.nullable(),
  })
  .strict();

/** POST /api/v1/tokens: the one answer that holds the token, shown once to the admin who created it. */
export const apiTokenCreatedJson = apiTokenJson.extend({ token: z.string() }).strict();
export const apiTokensJson = z.object({ tokens: z.array(apiTokenJson) }).strict();

export const userJson = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.string(), disabled: z.boolean(), lastLoginAt: instant.nullable() })
  .strict();
export const usersJson = z.object({ users: z.array(userJson) }).strict();

export type ApiTokenJson = z.infer<typeof apiTokenJson>;
export type UserJson = z.infer<typeof userJson>;
