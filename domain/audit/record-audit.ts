import type { Models } from '../models';

export interface Actor {
  kind: 'user' | 'token' | 'system';
  id?: string;
  name: string;
}

export async function recordAudit(
  models: Pick<Models, 'AuditEntry'>,
  actor: Actor,
  action: string,
  target?: { kind: string; id?: string; name?: string },
  details?: Record<string, unknown>,
): Promise<void> {
  await models.AuditEntry.create({ actor, action, target, details });
}
