import fc from 'fast-check';
import request from 'supertest';
import { concrete, listRoutes, type RouteEntry } from '../security/route-inventory';
import { byProfile } from './support/durability-profile';
import { fuzzBody } from './support/fuzz-bodies';
import { changedCollections, snapshotDatabase } from './support/fuzz-db-snapshot';
import { startFuzzFixture, waitForQuietRuns, type FuzzFixture } from './support/fuzz-fixture';

/** Bodies per route: every route in `npm test`, many more in the long profile (`npm run test:reliability`). */
const RUNS_PER_ROUTE = byProfile({ fast: 6, long: 40 });
const UNKNOWN_ID = '64b0000000000000000000aa';
const GARBAGE_IDS = ['not-an-id', '%00', '..%2F..%2Fetc', `${'f'.repeat(300)}`, '{"$ne":null}'];
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Bad input never breaks the API: random, malformed and hostile bodies sent to every JSON write
 * endpoint (as an admin, who may call all of them) get a 4xx with an error message, or are accepted;
 * never a 500, never a crash, and a rejected request leaves every collection exactly as it was.
 */
describe('fuzzing every JSON write endpoint', () => {
  let f: FuzzFixture;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    f = await startFuzzFixture('fuzz_json', 31);
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
    await f?.close();
  });

  /** A real document for the route's id (deletes get one that names nothing: they would remove the fixture). */
  function realUrl(route: RouteEntry): string {
    if (route.method === 'DELETE') return concrete(route.path);
    const ids: Record<string, string> = { connections: f.connectionId, lists: f.listId, segments: f.segmentId, programs: f.programId, runs: f.runId, tokens: UNKNOWN_ID };
    const resource = route.path.split('/')[3];
    return route.path.replace(/:[A-Za-z]+/, ids[resource] ?? UNKNOWN_ID);
  }

  it('answers every random body with 2xx or a 4xx naming the problem, never a 500, and a refusal changes nothing', async () => {
    const routes = listRoutes(f.app.app).filter((r) => r.path.startsWith('/api/v1/') && WRITE_METHODS.has(r.method));
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const started = Date.now();
    const statuses: Record<string, number> = {};
    let baseline = await snapshotDatabase(f.models);
    for (const route of routes) {
      const target = fc.oneof(
        { weight: 4, arbitrary: fc.constant(realUrl(route)) },
        { weight: 1, arbitrary: fc.constantFrom(...GARBAGE_IDS).map((id) => route.path.replace(/:[A-Za-z]+/g, id)) },
      );
      await fc.assert(
        fc.asyncProperty(target, fuzzBody, async (url, body) => {
          const res = await request(f.app.app)[route.method.toLowerCase() as 'post'](url)
            .set('authorization', `Bearer ${f.adminToken}`)
            .set('content-type', 'application/json')
            .send(body);
          const label = `${route.method} ${route.path}`;
          statuses[`${res.status}`] = (statuses[`${res.status}`] ?? 0) + 1;
          expect({ label, body: body.slice(0, 200), status: res.status < 500 ? 'not 5xx' : res.status, error: res.status < 500 ? '' : res.text.slice(0, 300) }).toEqual({
            label,
            body: body.slice(0, 200),
            status: 'not 5xx',
            error: '',
          });
          if (res.status >= 400) {
            expect({ label, message: typeof res.body?.error?.message }).toEqual({ label, message: 'string' });
            const after = await snapshotDatabase(f.models);
            expect({ label, body: body.slice(0, 200), changed: changedCollections(baseline, after) }).toEqual({ label, body: body.slice(0, 200), changed: [] });
          } else {
            // An accepted request may start work; let it finish before the next comparison.
            await waitForQuietRuns(f.models);
            baseline = await snapshotDatabase(f.models);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20240610, endOnFailure: true },
      );
    }
    expect(crashes).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stdout.write(`fuzzed ${routes.length} JSON write endpoints × ${RUNS_PER_ROUTE} = ${routes.length * RUNS_PER_ROUTE} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)}\n`);
  });
});
