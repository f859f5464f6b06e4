import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectTestModels } from '../../harness/services';
import { harnessValue } from '../../harness/harness-env';
import { waitFor } from '../../harness/wait-for';
import type { Models } from '../../../domain/models';

/** Asks SQLite itself, read-only, how FerretDB's `_id` update statement on a table would run. */
function sqlite(file: string, sql: string): string[][] {
  const script = 'import json,sqlite3,sys\ncon=sqlite3.connect(f"file:{sys.argv[1]}?mode=ro",uri=True,timeout=10)\nprint(json.dumps([list(map(str,r)) for r in con.execute(sys.argv[2])]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file, sql], { encoding: 'utf8' }));
}

/**
 * The embedded FerretDB's `_id` updates use an index (dev-services/ferretdb-id-index-keeper.py):
 * without it every updateOne by `_id` scans its whole collection, which made pushes and programs
 * over large lists take hours.
 */
describe('FerretDB _id path index', () => {
  const sqliteDir = path.join(harnessValue('runDir'), 'mongo', 'ferretdb');
  const embedded = !process.env.MONGODB_URI && fs.existsSync(sqliteDir);
  let models: Models;

  beforeAll(async () => {
    models = await connectTestModels('id_index');
  });
  afterAll(() => models?.db.close());

  (embedded ? it : it.skip)('indexes every collection of a new database, and SQLite plans updates by _id through it', async () => {
    const now = new Date();
    await models.ListMember.insertMany([{ _id: 'l1:003A', listId: 'l1', connectionId: 'c1', crmId: '003A', type: 'Contact', values: {}, joinedAt: now, updatedAt: now }]);
    const file = path.join(sqliteDir, `${models.db.name}.sqlite`);
    const tables = () => sqlite(file, "SELECT m.table_name FROM _ferretdb_collections m WHERE m.name = 'list_members'").map((r) => r[0]);
    const [table] = await waitFor('the collection\'s table', async () => (tables().length === 1 ? tables() : undefined), 10_000);
    await waitFor('the id path index', async () => (sqlite(file, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND name LIKE '%crm_sync_id_path'`).length === 1 ? true : undefined), 10_000);
    const plan = sqlite(file, `EXPLAIN QUERY PLAN UPDATE "${table}" SET _ferretdb_sjson = '{}' WHERE _ferretdb_sjson->'$._id' = '"l1:003A"'`).map((r) => r[3]);
    expect(plan.join(' ')).toMatch(/USING INDEX .*crm_sync_id_path/);

    const updated = await models.ListMember.updateOne({ _id: 'l1:003A' }, { $set: { 'values.behaviorScore': 7 } });
    expect(updated.modifiedCount).toBe(1);
    expect((await models.ListMember.findById('l1:003A').lean())?.values).toEqual({ behaviorScore: 7 });
  });
});
