/**
 * GET /api/v1/audit: who did what to which thing, newest first (domain/models/audit-entry.ts). The
 * route sends stored entries as read, whose inferred mongoose type is looser (every path nullable)
 * than what recordAudit writes; so no compile-time tie here, and the response test holds them to it.
 */
import { z } from 'zod';
import { instant, pageJson } from './common-json';

export const auditEntryJson = z
  .object({
    id: z.string(),
    at: instant,
    actor: z.object({ kind: z.enum(['user', 'token', 'system']), id: z.string().optional(), name: z.string() }).strict(),
    action: z.string(),
    /** What the action touched; absent for actions on no one thing. */
    target: z.object({ kind: z.string().optional(), id: z.string().optional(), name: z.string().optional() }).strict().optional(),
    /** Action-specific facts (the settings saved, the run started). */
    details: z.unknown(),
  })
  .strict();

export const auditPageJson = z.object({ entries: z.array(auditEntryJson), page: pageJson }).strict();
