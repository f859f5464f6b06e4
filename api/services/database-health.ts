import type { Models } from '../../domain/models';

/** Resolves only when the database answers a ping; a down database rejects, and the health check fails with it. */
export async function pingDatabase(models: Pick<Models, 'db'>): Promise<void> {
  await models.db.db?.admin().ping();
}
