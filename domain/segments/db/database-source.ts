import type { Models } from '../../models';
import type { SegmentDataSource } from '../execute';
import { passesPeeledTests, peelInLists, projectionPaths } from './peel-in-lists';

/**
 * The compiled plan's queries on the real database: plain finds, which FerretDB v1 and MongoDB answer
 * alike. Long `$in` id lists are tested in memory (peel-in-lists.ts): FerretDB v1 would test them
 * element by element on every document it reads.
 */
export function databaseSource(models: Pick<Models, 'db'>): SegmentDataSource {
  return {
    async *find(collection, filter, projection) {
      const peeled = peelInLists(filter);
      const paths = projectionPaths([...projection, ...peeled.tests.map((t) => t.path)]);
      const cursor = models.db.collection(collection).find(peeled.filter, { projection: Object.fromEntries(paths.map((path) => [path, 1])), batchSize: 5000 });
      for await (const doc of cursor) {
        if (passesPeeledTests(doc, peeled.tests)) yield doc;
      }
    },
  };
}
