import fc from 'fast-check';
import { compareWithReference, memorySource } from './agreement';
import { segmentQueryArb } from './query-arbitraries';
import { generateOrg } from './random-org';

/**
 * The compiled plan, executed with MongoDB semantics in memory (sift), finds exactly the members the
 * reference evaluator finds: on random orgs with many 1:many relations, for thousands of random
 * valid queries. SEGMENT_PROPERTY_RUNS raises the number of queries per org.
 */
const ORGS = 8;
const QUERIES_PER_ORG = Number(process.env.SEGMENT_PROPERTY_RUNS ?? 400);

describe('compiled segment queries agree with the reference evaluator (in memory, sift)', () => {
  for (let i = 0; i < ORGS; i += 1) {
    const seed = 1000 + i;
    it(`org ${seed}: ${QUERIES_PER_ORG} random queries find the same members`, async () => {
      const org = generateOrg(seed);
      const source = memorySource(org.collections);
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(segmentQueryArb, async (query) => {
          const result = await compareWithReference(query, org, source);
          if (result.reference.size > 0 && result.reference.size < org.reference.members.length) nonEmpty += 1;
          if (!result.agree) throw new Error(result.report());
        }),
        { numRuns: QUERIES_PER_ORG, seed },
      );
      // A generator whose queries all select everyone or no one would prove nothing.
      expect(nonEmpty).toBeGreaterThan(QUERIES_PER_ORG / 4);
    });
  }
});
