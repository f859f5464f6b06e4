import fc from 'fast-check';
import { changedCollections, snapshotDatabase, type DbSnapshot } from './support/fuzz-db-snapshot';
import { startFuzzFixture, type FuzzFixture } from './support/fuzz-fixture';
import { fuzzQuery } from './support/fuzz-segment-queries';
import { byProfile } from './support/durability-profile';

/** Queries per endpoint: a fast round in `npm test`, many more in the long profile (`npm run test:reliability`). */
const NUM_RUNS = byProfile({ fast: 40, long: 300 });
const SEED = 424242;

type Details = { path: string; message: string }[];

/**
 * The segment query language under random and malformed queries: preview, create and update answer
 * 200/201 or a 400 listing each problem with its JSON path under body.query, never a 500, and a
 * refused request (and every preview) leaves the database as it was.
 */
describe('fuzzing the segment query language', () => {
  let f: FuzzFixture;
  let baseline: DbSnapshot;
  const tally: Record<string, number> = {};

  beforeAll(async () => {
    f = await startFuzzFixture('fuzz_segq', 47);
    baseline = await snapshotDatabase(f.models);
  });
  afterAll(() => f?.close());

  function expectRefusalNamingPaths(label: string, status: number, body: { error?: { details?: Details } }, query: unknown): void {
    const shown = JSON.stringify(query)?.slice(0, 300);
    expect({ label, status, query: shown }).toEqual({ label, status: 400, query: shown });
    const details = body.error?.details ?? [];
    expect({ label, query: shown, problems: details.length > 0 }).toEqual({ label, query: shown, problems: true });
    for (const d of details) expect({ label, query: shown, path: d.path, message: typeof d.message }).toEqual({ label, query: shown, path: expect.stringMatching(/^body(\.|$)/), message: 'string' });
  }

  async function expectUnchanged(label: string, query: unknown): Promise<void> {
    const after = await snapshotDatabase(f.models);
    expect({ label, query: JSON.stringify(query)?.slice(0, 300), changed: changedCollections(baseline, after) }).toEqual({ label, query: JSON.stringify(query)?.slice(0, 300), changed: [] });
  }

  function count(label: string, status: number): void {
    tally[`${label} ${status}`] = (tally[`${label} ${status}`] ?? 0) + 1;
  }

  it('preview: a count and a sample, or a 400 with paths; never a 500, never a write', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzQuery, async (query) => {
        const res = await f.marketer.post('/api/v1/segments/preview', { listId: f.listId, query });
        count('preview', res.status);
        if (res.status === 200) expect(res.body).toMatchObject({ count: expect.any(Number), sample: expect.any(Array) });
        else expectRefusalNamingPaths('preview', res.status, res.body, query);
        await expectUnchanged('preview', query);
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('create: 201 or a 400 with paths; a refused create stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzQuery, async (query) => {
        const res = await f.marketer.post('/api/v1/segments', { listId: f.listId, name: 'Fuzzed', query });
        count('create', res.status);
        if (res.status === 201) {
          const stored = await f.models.Segment.findById(res.body.id).lean();
          expect(stored?.query).toEqual(JSON.parse(JSON.stringify(query)));
          baseline = await snapshotDatabase(f.models);
          return;
        }
        expectRefusalNamingPaths('create', res.status, res.body, query);
        await expectUnchanged('create', query);
      }),
      { numRuns: NUM_RUNS, seed: SEED + 1, endOnFailure: true },
    );
  });

  it('update: 200 or a 400 with paths; a refused update leaves the segment as it was', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzQuery, async (query) => {
        const res = await f.marketer.put(`/api/v1/segments/${f.segmentId}`, { name: 'Fuzzed update', query });
        count('update', res.status);
        if (res.status === 200) {
          baseline = await snapshotDatabase(f.models);
          return;
        }
        expectRefusalNamingPaths('update', res.status, res.body, query);
        await expectUnchanged('update', query);
      }),
      { numRuns: NUM_RUNS, seed: SEED + 2, endOnFailure: true },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stdout.write(`segment query fuzz: ${NUM_RUNS} queries per endpoint; statuses ${JSON.stringify(tally)}\n`);
  });
});
