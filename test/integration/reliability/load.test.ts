import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HEAVY_READS } from '../../../api/services/admission-gate';
import { startDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { byProfile, RELIABILITY_PROFILE, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { org: { leads: 200, contacts: 600, accounts: 50, users: 4, opportunities: 100, campaigns: 3 }, clients: 50, seconds: 10, pipelines: 0 },
  long: { org: { leads: 1_000, contacts: 3_000, accounts: 300, users: 8, opportunities: 800, campaigns: 6 }, clients: 50, seconds: 60, pipelines: 2 },
});
/**
 * A request slower than this counts as an error, like a client giving up. Generous on purpose: the
 * test reports the latency the crowd really sees instead of cutting it off at a browser's patience.
 */
const CLIENT_TIMEOUT_MS = 120_000;
/**
 * Previews and exports the app runs at once (its admission limit); the product's default unless
 * LOAD_HEAVY_READS_AT_ONCE says otherwise, e.g. 64 to measure the app without the limit side by side.
 */
const HEAVY_READS_AT_ONCE = process.env.LOAD_HEAVY_READS_AT_ONCE ? Number(process.env.LOAD_HEAVY_READS_AT_ONCE) : undefined;

type Endpoint = 'runs list' | 'segment preview' | 'member export';
/** `wrong`: an answer that came back but was not a complete 200; `timeout`: no answer within CLIENT_TIMEOUT_MS. */
type Sample = { endpoint: Endpoint; ms: number; outcome: 'ok' | 'wrong' | 'timeout' };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

/**
 * Load: 50 concurrent API clients (keep-alive HTTP over loopback, each waiting for its answer before
 * the next request) on the runs list, the segment preview and the member CSV export, for a bounded
 * time. Reports the error rate and p50/p99 latency per endpoint; no request may fail.
 */
describe(`reliability (${RELIABILITY_PROFILE}): ${SIZES.clients} concurrent API clients`, () => {
  let f: DurabilityFixture;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    f = await startDurabilityFixture({ name: 'load', emulator: { seed: 79, org: SIZES.org }, app: HEAVY_READS_AT_ONCE ? { heavyReads: { atOnce: HEAVY_READS_AT_ONCE } } : {} });
    // Some history for the runs list to page through.
    for (let i = 0; i < SIZES.pipelines; i++) expect(await f.waitForRun(await f.startPipeline())).toMatchObject({ status: 'succeeded' });
    server = await new Promise<Server>((resolve) => {
      const s = f.app.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, byProfile({ fast: 240_000, long: 600_000 }));
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await f?.close();
  });

  it(`answers the runs list, segment preview and member export for ${SIZES.seconds} s without errors, and reports error rate and p50/p99`, async () => {
    const listId = f.listIds.contacts;
    const query = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }, { object: 'Account', field: 'Name', op: 'is_not_empty' }] };
    const headers = { authorization: `Bearer ${f.tokens.marketer}` };
    const requests: Record<Endpoint, () => Promise<Response>> = {
      'runs list': () => fetch(`${baseUrl}/api/v1/runs?perPage=25&status=succeeded`, { headers, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) }),
      'segment preview': () =>
        fetch(`${baseUrl}/api/v1/segments/preview`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ listId, query }), signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) }),
      'member export': () => fetch(`${baseUrl}/api/v1/lists/${listId}/members?format=csv`, { headers, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) }),
    };
    const endpoints = Object.keys(requests) as Endpoint[];
    const members = await f.models.ListMember.countDocuments({ listId });
    // Each endpoint alone first: what one client waits without the crowd.
    const alone: Record<string, number> = {};
    for (const endpoint of endpoints) {
      const started = performance.now();
      const res = await requests[endpoint]();
      await res.text();
      expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 200 });
      alone[endpoint] = Math.round(performance.now() - started);
    }
    const samples: Sample[] = [];
    const failures: string[] = [];
    const deadline = Date.now() + SIZES.seconds * 1000;

    async function client(n: number): Promise<void> {
      for (let i = n; Date.now() < deadline; i++) {
        const endpoint = endpoints[i % endpoints.length];
        const started = performance.now();
        let outcome: Sample['outcome'] = 'wrong';
        try {
          const res = await requests[endpoint]();
          const body = await res.text();
          outcome = res.status === 200 && (endpoint !== 'member export' || body.trim().split('\n').length === members + 1) ? 'ok' : 'wrong';
          if (outcome === 'wrong' && failures.length < 10) failures.push(`${endpoint}: ${res.status} ${body.slice(0, 200)}`);
        } catch (err) {
          outcome = (err as Error).name === 'TimeoutError' ? 'timeout' : 'wrong';
          if (outcome === 'wrong' && failures.length < 10) failures.push(`${endpoint}: ${(err as Error).message}`);
        }
        samples.push({ endpoint, ms: performance.now() - started, outcome });
      }
    }
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: SIZES.clients }, (_, n) => client(n)));
    const elapsedSeconds = (Date.now() - startedAt) / 1000;

    const summarize = (of: Sample[]) => {
      const sorted = of.map((s) => s.ms).sort((a, b) => a - b);
      const errors = of.filter((s) => s.outcome !== 'ok').length;
      const timeouts = of.filter((s) => s.outcome === 'timeout').length;
      return { requests: of.length, errors, timeouts, errorRatePercent: of.length ? Math.round((errors / of.length) * 10_000) / 100 : 0, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: Math.round(sorted[sorted.length - 1] ?? 0) };
    };
    const byEndpoint = Object.fromEntries(endpoints.map((e) => [e, summarize(samples.filter((s) => s.endpoint === e))]));
    const overall = { ...summarize(samples), requestsPerSecond: Math.round((samples.length / elapsedSeconds) * 10) / 10 };
    writeFigures('load', { clients: SIZES.clients, seconds: SIZES.seconds, heavyReadsAtOnce: HEAVY_READS_AT_ONCE ?? DEFAULT_HEAVY_READS.atOnce, listMembers: members, aloneMs: alone, overall, byEndpoint, failures });

    // Every request is answered, right and complete (no 4xx/5xx, no cut-off export, no client timeout).
    expect(failures).toEqual([]);
    expect(overall.errors).toBe(0);
    for (const e of endpoints) expect({ endpoint: e, answered: byEndpoint[e].requests > 0 }).toEqual({ endpoint: e, answered: true });
  }, byProfile({ fast: 4 * 60_000, long: 6 * 60_000 }));
});
