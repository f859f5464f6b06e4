import fc from 'fast-check';
import type { Models } from '../../../domain/models';
import type { SegmentDataSource } from '../../../domain/segments/execute';
import type { SegmentQuery } from '../../../domain/segments/query';
import { connectTestModels } from '../../harness/services';
import { compareWithReference } from '../../unit/segments/agreement';
import { segmentQueryArb } from '../../unit/segments/query-arbitraries';
import { generateOrg, type Doc, type GeneratedOrg } from '../../unit/segments/random-org';
import { member, record, role, smallOrg } from '../../unit/segments/small-org';

/**
 * The compiled segment plans, run on the REAL database server (FerretDB v1 started by the jest global
 * setup, or MONGODB_URI), find exactly the members the reference evaluator finds: random orgs with
 * many 1:many relations, random valid queries.
 *
 * FerretDB v1 answers a query in about 10–30 ms and a plan is a few queries, so the default is a few
 * hundred queries (well under a minute). SEGMENT_PROPERTY_RUNS sets the total for a long run, e.g.
 * `SEGMENT_PROPERTY_RUNS=5000 npx jest test/integration/segments`.
 */
const ORGS = 3;
const TOTAL_RUNS = Number(process.env.SEGMENT_PROPERTY_RUNS ?? 900);
const RUNS_PER_ORG = Math.ceil(TOTAL_RUNS / ORGS);
/** FerretDB v1 hangs on large bulk writes; small batches go through. */
const INSERT_BATCH = 50;

function databaseSource(models: Models): SegmentDataSource {
  return {
    find(collection, filter, projection) {
      return models.db.collection(collection).find(filter, { projection: Object.fromEntries(projection.map((path) => [path, 1])) });
    },
  };
}

async function store(models: Models, collections: Record<string, Doc[]>): Promise<void> {
  for (const [name, docs] of Object.entries(collections)) {
    for (let i = 0; i < docs.length; i += INSERT_BATCH) {
      // Documents carry string _ids; the driver's insert types expect ObjectIds by default.
      await models.db.collection<Doc>(name).insertMany(docs.slice(i, i + INSERT_BATCH) as never[]);
    }
  }
}

describe('compiled segment queries on the database server agree with the reference evaluator', () => {
  let models: Models;
  const orgs: GeneratedOrg[] = [];

  beforeAll(async () => {
    models = await connectTestModels('segments');
    // Several orgs side by side in one database: each plan must stay within its connection and list.
    for (let i = 0; i < ORGS; i += 1) {
      const org = generateOrg(5000 + i, { connectionId: `conn${i}`, listId: `list${i}` });
      orgs.push(org);
      await store(models, org.collections);
    }
  });

  afterAll(async () => {
    await models?.db.dropDatabase();
    await models?.db.close();
  });

  it('a contact with several opportunities, only one of which satisfies both conditions, is found by any and excluded by none', async () => {
    const org = smallOrg({
      members: [member('C-one', 'Contact'), member('C-split', 'Contact')],
      contacts: [record('C-one'), record('C-split')],
      opportunities: [record('O-small-won', { StageName: 'Closed Won', Amount: 5000 }), record('O-big-lost', { StageName: 'Closed Lost', Amount: 20000 }), record('O-big-won', { StageName: 'Closed Won', Amount: 15000 })],
      contactRoles: [role('C-one', 'O-small-won'), role('C-one', 'O-big-lost'), role('C-one', 'O-big-won'), role('C-split', 'O-small-won'), role('C-split', 'O-big-lost')],
    });
    org.connectionId = 'conn-explicit';
    org.listId = 'list-explicit';
    const collections = Object.fromEntries(
      Object.entries(org.collections).map(([name, docs]) => [
        name,
        docs.map((d) => ({ ...d, _id: `explicit:${String(d._id)}`, connectionId: org.connectionId, ...(name === 'list_members' ? { listId: org.listId } : {}) })),
      ]),
    );
    await store(models, collections);
    const where = { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] };
    const found = async (match: string) => {
      const result = await compareWithReference({ all: [{ related: 'Opportunity', match, where }] } as SegmentQuery, org, databaseSource(models));
      expect(result.agree).toBe(true);
      return [...result.compiled].sort();
    };
    expect(await found('any')).toEqual(['C-one']);
    expect(await found('none')).toEqual(['C-split']);
  });

  for (let i = 0; i < ORGS; i += 1) {
    it(
      `org ${i + 1} of ${ORGS}: ${RUNS_PER_ORG} random queries find the same members as the reference`,
      async () => {
        const org = orgs[i];
        const source = databaseSource(models);
        await fc.assert(
          fc.asyncProperty(segmentQueryArb, async (query) => {
            const result = await compareWithReference(query, org, source);
            if (!result.agree) throw new Error(result.report());
          }),
          { numRuns: RUNS_PER_ORG, seed: org.seed },
        );
      },
      // Generous: about 100 ms per query on FerretDB v1, with room for a slow machine and shrinking.
      Math.max(120_000, RUNS_PER_ORG * 500),
    );
  }
});
