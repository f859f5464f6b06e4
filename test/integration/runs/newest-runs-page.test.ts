import { Types } from 'mongoose';
import { runListQuery } from '../../../api/forms/run-list-query';
import { listRuns } from '../../../api/services/runs-read';
import type { Models } from '../../../domain/models';
import { bucketLegacyRuns, RUN_SEQUENCE } from '../../../domain/runs/run-buckets';
import { connectTestModels } from '../../harness/services';

/**
 * The runs list's default order, read bucket by bucket on the real database: every run once, in
 * order, across buckets, eras and the legacy bucket, with and without selective filters.
 */
const RUNS = 2_500;
/** The sequence starts just below an era's end (10,000), so the runs span two eras. */
const SEQUENCE_START = 9_000;
const LEGACY = 30;

type Stored = { id: string; kind: string; status: string; createdAt: number };

describe('runs list, newest first, read by bucket', () => {
  let models: Models;
  const stored: Stored[] = [];
  const connectionId = new Types.ObjectId();
  const t0 = Date.UTC(2026, 0, 1);

  const run = (i: number, createdAt: number) => {
    // One run in 500 is a pipeline; one in 7 failed; a few are queued or running.
    const kind = i % 500 === 7 ? 'sync-pipeline' : i % 2 === 0 ? 'list-sync' : 'crm-admin-sync';
    const status = i % 7 === 0 ? 'failed' : i % 97 === 0 ? 'running' : i % 89 === 0 ? 'queued' : 'succeeded';
    return { kind, status, connectionId, workflowId: `wf-${i}`, trigger: 'schedule', createdAt: new Date(createdAt), updatedAt: new Date(createdAt) };
  };

  beforeAll(async () => {
    models = await connectTestModels('newest_runs');
    // Runs stored before buckets existed: no sequence yet, no bucket (written as that version wrote them).
    await models.Sequence.deleteMany({});
    const legacy = Array.from({ length: LEGACY }, (_, i) => run(i + 1, t0 - (LEGACY - i) * 60_000));
    const { insertedIds } = await models.Run.collection.insertMany(legacy);
    legacy.forEach((r, i) => stored.push({ id: String(insertedIds[i]), kind: r.kind, status: r.status, createdAt: r.createdAt.getTime() }));
    expect(await bucketLegacyRuns(models.db)).toBe(LEGACY);
    expect(await bucketLegacyRuns(models.db)).toBe(0);

    await models.Sequence.updateOne({ _id: RUN_SEQUENCE }, { $set: { value: SEQUENCE_START } });
    for (let from = 0; from < RUNS; from += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => run(LEGACY + from + j + 1, t0 + (from + j) * 60_000));
      const inserted = await models.Run.insertMany(batch);
      inserted.forEach((doc, j) => stored.push({ id: String(doc._id), kind: batch[j].kind, status: batch[j].status, createdAt: batch[j].createdAt.getTime() }));
    }
  }, 120_000);
  afterAll(async () => {
    await models?.db.dropDatabase();
    await models?.db.close();
  });

  /** Every page of the list, following `next`, as ids; and the totals each page showed. */
  async function readAll(query: Record<string, string>) {
    const ids: string[] = [];
    const pages: { rows: number; total: number; capped: boolean }[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 500; guard++) {
      const page = await listRuns(models, runListQuery.parse({ ...query, ...(after ? { after } : {}) }));
      ids.push(...page.runs.map((r) => String(r._id)));
      pages.push({ rows: page.runs.length, total: page.total, capped: page.totalCapped });
      if (!page.next) return { ids, pages };
      after = page.next;
    }
    throw new Error('the pages never ended');
  }

  const newestFirst = (runs: Stored[]) => [...runs].sort((a, b) => b.createdAt - a.createdAt).map((r) => r.id);

  it('pages through every run once, newest first, the stored ones before buckets last', async () => {
    const { ids, pages } = await readAll({ perPage: '100' });
    expect(ids).toEqual(newestFirst(stored));
    expect(pages.slice(0, -1).filter((p) => !(p.rows === 100 && p.capped))).toEqual([]);
    expect(pages.at(-1)).toEqual({ rows: (RUNS + LEGACY) % 100 || 100, total: (RUNS + LEGACY) % 100 || 100, capped: false });
  });

  it('a selective filter (one run in 500) finds exactly its runs across both eras and the legacy bucket', async () => {
    const { ids } = await readAll({ kind: 'sync-pipeline' });
    const expected = newestFirst(stored.filter((r) => r.kind === 'sync-pipeline'));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(ids).toEqual(expected);
  });

  it('a list of statuses, with another filter, finds exactly its runs in order', async () => {
    const { ids } = await readAll({ status: 'queued,running', kind: 'list-sync', perPage: '10' });
    expect(ids).toEqual(newestFirst(stored.filter((r) => ['queued', 'running'].includes(r.status) && r.kind === 'list-sync')));
  });

  it('a creation-time window finds exactly the runs in it', async () => {
    const from = new Date(t0 + 1_000 * 60_000).toISOString();
    const to = new Date(t0 + 1_400 * 60_000).toISOString();
    const { ids } = await readAll({ from, to, status: 'failed' });
    expect(ids).toEqual(newestFirst(stored.filter((r) => r.status === 'failed' && r.createdAt >= Date.parse(from) && r.createdAt <= Date.parse(to))));
  });

  it('page numbers give the same rows as following the cursor', async () => {
    const first = await listRuns(models, runListQuery.parse({ perPage: '25' }));
    const byCursor = await listRuns(models, runListQuery.parse({ perPage: '25', after: first.next as string }));
    const byNumber = await listRuns(models, runListQuery.parse({ perPage: '25', page: '2' }));
    expect(byNumber.runs.map((r) => String(r._id))).toEqual(byCursor.runs.map((r) => String(r._id)));
    expect(byNumber.total).toBe(50);
  });

  it('a cursor that is not one of this table is a 400', async () => {
    await expect(listRuns(models, runListQuery.parse({ after: 'bm90LWEtY3Vyc29y' }))).rejects.toMatchObject({ status: 400 });
    const oldStyle = Buffer.from(JSON.stringify([{ d: new Date().toISOString() }, 'x'])).toString('base64url');
    await expect(listRuns(models, runListQuery.parse({ after: oldStyle }))).rejects.toMatchObject({ status: 400 });
  });

  it('another order still sorts the matching runs', async () => {
    const page = await listRuns(models, runListQuery.parse({ sort: 'createdAt', dir: 'asc', kind: 'sync-pipeline' }));
    expect(page.runs.map((r) => String(r._id))).toEqual(newestFirst(stored.filter((r) => r.kind === 'sync-pipeline')).reverse());
  });

  it('runs created at once by many callers are all listed, once each', async () => {
    // Through the model, as prepareRun stores them; their numbers may repeat (FerretDB's $inc is not atomic).
    const created = await Promise.all(Array.from({ length: 150 }, (_, i) => models.Run.create(run(90_000 + i, t0 + (RUNS + 10 + i) * 60_000))));
    stored.push(...created.map((r) => ({ id: String(r._id), kind: r.kind, status: r.status, createdAt: (r.createdAt as Date).getTime() })));
    const { ids } = await readAll({ perPage: '100' });
    expect([...ids].sort()).toEqual(stored.map((r) => r.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('on a new database, runs created at once while the sequence is created are all listed', async () => {
    const fresh = await connectTestModels('runs_sequence_race');
    try {
      await fresh.Sequence.deleteMany({});
      const created = await Promise.all(Array.from({ length: 60 }, (_, i) => fresh.Run.create(run(i + 1, t0 + i * 60_000))));
      const page = await listRuns(fresh, runListQuery.parse({ perPage: '100' }));
      expect(page.runs.map((r) => String(r._id)).sort()).toEqual(created.map((r) => String(r._id)).sort());
    } finally {
      await fresh.db.dropDatabase();
      await fresh.db.close();
    }
  });
});
