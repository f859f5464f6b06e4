import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HEAVY_READS } from '../../../api/services/admission-gate';
import { buildTestApp, type AppUnderTest } from '../../harness/app-under-test';
import { startSalesforceDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { byProfile, RELIABILITY_PROFILE, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { org: { leads: 200, contacts: 600, accounts: 50, users: 4, opportunities: 100, campaigns: 3 }, clients: 50, seconds: 10, pipelines: 0, sideBySide: false },
  long: { org: { leads: 1_000, contacts: 3_000, accounts: 300, users: 8, opportunities: 800, campaigns: 6 }, clients: 50, seconds: 60, pipelines: 2, sideBySide: true },
});
/**
 * A request slower than this counts as an error, like a client giving up. Generous on purpose: the
 * test reports the latency the crowd really sees instead of cutting it off at a browser's patience.
 */
const CLIENT_TIMEOUT_MS = 120_000;
/**
 * The comparison app's admission limit: more than the crowd, so every preview and export runs at
 * once, as before the limit existed. The long profile measures it right after the product's own.
 */
const UNLIMITED_HEAVY_READS = 1_000;

type Endpoint = 'runs list' | 'segment preview' | 'member export';
/** `wrong`: an answer that came back but was not a complete 200; `timeout`: no answer within CLIENT_TIMEOUT_MS. */
type Sample = { endpoint: Endpoint; ms: number; outcome: 'ok' | 'wrong' | 'timeout' };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

type Summary = { requests: number; errors: number; timeouts: number; errorRatePercent: number; p50Ms: number; p99Ms: number; maxMs: number };

function summarize(of: Sample[]): Summary {
  const sorted = of.map((s) => s.ms).sort((a, b) => a - b);
  const errors = of.filter((s) => s.outcome !== 'ok').length;
  const timeouts = of.filter((s) => s.outcome === 'timeout').length;
  return { requests: of.length, errors, timeouts, errorRatePercent: of.length ? Math.round((errors / of.length) * 10_000) / 100 : 0, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: Math.round(sorted[sorted.length - 1] ?? 0) };
}

/** The app listening on a free loopback port. */
async function listen(app: AppUnderTest): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Load: 50 concurrent API clients (keep-alive HTTP over loopback, each waiting for its answer before
 * the next request) on the runs list, the segment preview and the member CSV export, for a bounded
 * time. Reports the error rate and p50/p99 latency per endpoint; no request may fail.
 *
 * The long profile then sends the same crowd, for the same time, to a second app over the same
 * database and worker whose admission limit lets every preview and export run at once: the side by
 * side figures for what the limit does. Only the product's own configuration must be error-free.
 */
describe(`reliability (${RELIABILITY_PROFILE}): ${SIZES.clients} concurrent API clients`, () => {
  let f: DurabilityFixture;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    f = await startSalesforceDurabilityFixture({ name: 'load', emulator: { seed: 79, org: SIZES.org } });
    // Some history for the runs list to page through.
    for (let i = 0; i < SIZES.pipelines; i++) expect(await f.waitForRun(await f.startPipeline())).toMatchObject({ status: 'succeeded' });
  }, byProfile({ fast: 240_000, long: 600_000 }));
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await f?.close();
  });

  /** The three endpoints alone, then the crowd for SIZES.seconds: per-endpoint and overall figures. */
  async function measure(app: AppUnderTest) {
    const served = await listen(app);
    closers.push(served.close);
    const { baseUrl } = served;
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
    const byEndpoint = Object.fromEntries(endpoints.map((e) => [e, summarize(samples.filter((s) => s.endpoint === e))])) as Record<Endpoint, Summary>;
    const overall = { ...summarize(samples), requestsPerSecond: Math.round((samples.length / elapsedSeconds) * 10) / 10 };
    return { endpoints, listMembers: members, aloneMs: alone, overall, byEndpoint, failures };
  }

  it(`answers the runs list, segment preview and member export for ${SIZES.seconds} s without errors, and reports error rate and p50/p99`, async () => {
    const limited = await measure(f.app);
    let withoutLimit: (Awaited<ReturnType<typeof measure>> & { heavyReadsAtOnce: number }) | undefined;
    if (SIZES.sideBySide) {
      const unlimited = await buildTestApp('load_unlimited', { models: f.models, box: f.box, temporal: f.temporal, taskQueue: f.taskQueue, heavyReads: { atOnce: UNLIMITED_HEAVY_READS } });
      closers.push(unlimited.close);
      withoutLimit = { ...(await measure(unlimited)), heavyReadsAtOnce: UNLIMITED_HEAVY_READS };
    }
    const { endpoints, ...figures } = limited;
    writeFigures('load', { clients: SIZES.clients, seconds: SIZES.seconds, heavyReadsAtOnce: DEFAULT_HEAVY_READS.atOnce, ...figures, ...(withoutLimit ? { withoutLimit: { ...withoutLimit, endpoints: undefined } } : {}) });

    // Every request is answered, right and complete (no 4xx/5xx, no cut-off export, no client timeout).
    expect(limited.failures).toEqual([]);
    expect(limited.overall.errors).toBe(0);
    for (const e of endpoints) expect({ endpoint: e, answered: limited.byEndpoint[e].requests > 0 }).toEqual({ endpoint: e, answered: true });
  }, byProfile({ fast: 4 * 60_000, long: 10 * 60_000 }));
});
