import type { Models } from '../../models';
import type { SegmentDataSource } from '../execute';

/** The compiled plan's queries on the real database: plain finds, which FerretDB v1 and MongoDB answer alike. */
export function databaseSource(models: Pick<Models, 'db'>): SegmentDataSource {
  return {
    find(collection, filter, projection) {
      return models.db.collection(collection).find(filter, { projection: Object.fromEntries(projection.map((path) => [path, 1])), batchSize: 5000 });
    },
  };
}
