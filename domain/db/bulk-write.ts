import type { Model } from 'mongoose';

/**
 * FerretDB v1 (SQLite) never answers an unordered bulkWrite of 100 or more operations (measured:
 * 50 take ~0.7 s, 100 hang past 30 s), so bulk writes go in chunks of 50. On MongoDB this costs a
 * few more round trips and nothing else.
 */
export const BULK_WRITE_CHUNK = 50;

export async function bulkWriteInChunks<T>(model: Model<T>, operations: Parameters<Model<T>['bulkWrite']>[0]): Promise<void> {
  for (let i = 0; i < operations.length; i += BULK_WRITE_CHUNK) {
    await model.bulkWrite(operations.slice(i, i + BULK_WRITE_CHUNK), { ordered: false });
  }
}
