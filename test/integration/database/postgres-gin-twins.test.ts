import { databaseBackend } from '../../../dev-services/database-backend';
import type { Models } from '../../../domain/models';
import { connectTestModels } from '../../harness/services';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/**
 * On the embedded PostgreSQL, FerretDB's equality filters (`_jsonb -> 'f' @> value`) are served by
 * the GIN twins dev-services/postgres-gin-indexes.sql adds to the indexes the models declare; without
 * them every find, update and delete, by `_id` too, scans its whole table.
 */
describe('FerretDB on PostgreSQL: equality filters use an index', () => {
  const embeddedPostgres = !process.env.MONGODB_URI && databaseBackend() === 'postgresql';
  let models: Models;

  beforeAll(async () => {
    models = await connectTestModels('gin_twins');
    await models.ListMember.init();
    const now = new Date();
    // Enough rows that PostgreSQL's planner prefers an index to reading the table.
    await models.ListMember.insertMany(
      Array.from({ length: 3_000 }, (_, i) => ({ _id: `l${i % 3}:003${i}`, listId: `l${i % 3}`, connectionId: 'c1', crmId: `003${i}`, type: 'Contact', values: {}, joinedAt: now, updatedAt: now })),
    );
  });
  afterAll(async () => {
    await models?.db.dropDatabase();
    await models?.db.close();
  });

  async function indexesUsed(filter: Record<string, unknown>): Promise<string[]> {
    const explained = await models.db.db!.command({ explain: { find: 'list_members', filter } });
    return planNodes(explained.queryPlanner.Plan as PlanNode).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
  }

  (embeddedPostgres ? it : it.skip)('a find by _id and a find by (listId, crmId) read through GIN indexes, and find the member', async () => {
    expect(await indexesUsed({ _id: 'l1:0031' })).toEqual([expect.stringMatching(/^crm_sync_gin_/)]);
    expect((await indexesUsed({ listId: 'l1', crmId: '0031' })).length).toBeGreaterThan(0);
    expect((await indexesUsed({ listId: 'l1', crmId: '0031' })).every((name) => name.startsWith('crm_sync_gin_'))).toBe(true);
    expect(await models.ListMember.findOne({ listId: 'l1', crmId: '0031' }).lean()).toMatchObject({ _id: 'l1:0031' });
    expect(await models.ListMember.countDocuments({ listId: 'l1' })).toBe(1_000);
  });
});
