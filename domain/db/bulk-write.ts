import type { Model } from 'mongoose';

/**
 * FerretDB v1 holds one pooled backend connection per update statement until the whole command
 * ends, and needs one more to write: a bulkWrite as large as its pool never answers (SQLite: 100
 * hang past 30 s; PostgreSQL's default pool of 50: 50 hang). Chunks of 25 leave the embedded
 * PostgreSQL's pool (dev-services/postgres-server.ts) room for several at once. On MongoDB this
 * costs a few more round trips and nothing else.
 */
export const BULK_WRITE_CHUNK = 25;

export async function bulkWriteInChunks<T>(model: Model<T>, operations: Parameters<Model<T>['bulkWrite']>[0]): Promise<void> {
  for (let i = 0; i < operations.length; i += BULK_WRITE_CHUNK) {
    await model.bulkWrite(operations.slice(i, i + BULK_WRITE_CHUNK), { ordered: false });
  }
}
