import type { Models } from '../../domain/models';

/** Resolves only when the database answers a ping; a closed or never-opened connection rejects too. */
export async function pingDatabase(models: Pick<Models, 'db'>): Promise<void> {
  const db = models.db.db;
  if (!db) throw new Error('no open database connection');
  await db.admin().ping();
}
