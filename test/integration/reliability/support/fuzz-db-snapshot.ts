import crypto from 'node:crypto';
import type { Models } from '../../../../domain/models';

/** Per collection, a hash of every document (sorted by _id): equal snapshots mean no stored data changed. */
export type DbSnapshot = Record<string, string>;

/**
 * Bookkeeping any authenticated request writes, which is not stored data a rejected request could
 * corrupt: the sign-in sessions and a token's last use.
 */
const VOLATILE: Record<string, string[] | 'skip'> = { sessions: 'skip', api_tokens: ['lastUsedAt', 'updatedAt'] };

export async function snapshotDatabase(models: Models): Promise<DbSnapshot> {
  const db = models.db.db;
  if (!db) throw new Error('database not connected');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const snapshot: DbSnapshot = {};
  for (const name of names) {
    const volatile = VOLATILE[name];
    if (volatile === 'skip') continue;
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    const hash = crypto.createHash('sha256');
    for (const doc of docs) {
      for (const field of volatile ?? []) delete (doc as Record<string, unknown>)[field];
      hash.update(JSON.stringify(doc));
    }
    snapshot[name] = `${docs.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return snapshot;
}

/** The collections whose content differs, for a readable failure. */
export function changedCollections(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
