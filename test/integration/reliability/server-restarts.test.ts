import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseBackend } from '../../../dev-services/database-backend';
import { startFerretDb, type FerretDbServer } from '../../../dev-services/ferretdb-server';
import { findFreePort } from '../../../dev-services/free-port';
import { ensurePostgres } from '../../../dev-services/postgres-install';
import { startPostgres, type PostgresServer } from '../../../dev-services/postgres-server';
import { startTemporalDevServer, type TemporalDevServer } from '../../../dev-services/temporal-dev-server';
import { ensureFerretDb, ensureTemporalCli } from '../../../dev-services/tools';
import { checkConvergence, convergedReport, makeChanges } from './support/durability-checks';
import { startSalesforceDurabilityFixture, type DurabilityFixture } from './support/durability-fixture';
import { describeStuckPipeline } from './support/durability-diagnosis';
import { waitForPipelinePhase } from './support/durability-phase';
import { byProfile, RELIABILITY_PROFILE, secondsSince, writeFigures } from './support/durability-profile';

const SIZES = byProfile({
  fast: { org: { leads: 200, contacts: 600, accounts: 50, users: 4, opportunities: 100, campaigns: 3 }, rounds: 1, crmChanges: 30, scored: 40 },
  long: { org: { leads: 1_000, contacts: 3_000, accounts: 300, users: 8, opportunities: 800, campaigns: 6 }, rounds: 2, crmChanges: 150, scored: 200 },
});
/** Every CRM call is slowed down while a round runs, so the pipeline is still going when a server goes down. */
const CALL_LATENCY_MS = 150;
const DOWN_FOR_MS = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BACKEND = databaseBackend();

/**
 * The Temporal dev server (persisted to its SQLite file), the database's storage (PostgreSQL, under
 * a FerretDB that stays up and must reconnect) and FerretDB itself are restarted in the middle of a
 * pipeline: the worker and the app reconnect, and the pipeline completes with the same result as an
 * uninterrupted one. The test runs servers of its own: the shared ones must stay up for other files.
 */
describe(`reliability (${RELIABILITY_PROFILE}): Temporal and the database restarted mid-pipeline`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-restarts-'));
  // As root, PostgreSQL runs as its own account, which must be able to pass through to its folder inside.
  fs.chmodSync(dataDir, 0o711);
  let temporalBinary: string;
  let ferretBinary: string;
  let postgresBinDir: string;
  let temporalPort: number;
  let mongoPort: number;
  let postgresPort: number;
  let temporal: TemporalDevServer | undefined;
  let postgres: PostgresServer | undefined;
  let ferret: FerretDbServer | undefined;
  let f: DurabilityFixture;

  const startTemporal = () => startTemporalDevServer({ binary: temporalBinary, dataDir: path.join(dataDir, 'temporal'), port: temporalPort });
  // Same folder and port each time: the restarted cluster is the same database, at the address FerretDB knows.
  const startStorage = async () => {
    if (BACKEND === 'postgresql') postgres = await startPostgres({ binDir: postgresBinDir, dataDir: path.join(dataDir, 'postgres'), port: postgresPort, durability: 'throwaway' });
  };
  const startFerret = () =>
    startFerretDb({
      binary: ferretBinary,
      dataDir: path.join(dataDir, 'ferretdb'),
      port: mongoPort,
      storage: postgres ? { backend: 'postgresql', url: postgres.url } : { backend: 'sqlite' },
    });

  beforeAll(async () => {
    temporalBinary = await ensureTemporalCli(() => {});
    ferretBinary = await ensureFerretDb(() => {});
    if (BACKEND === 'postgresql') postgresBinDir = ensurePostgres(() => {});
    fs.mkdirSync(path.join(dataDir, 'temporal'), { recursive: true });
    temporalPort = await findFreePort();
    mongoPort = await findFreePort();
    postgresPort = await findFreePort();
    temporal = await startTemporal();
    await startStorage();
    ferret = await startFerret();
    f = await startSalesforceDurabilityFixture({
      name: 'restarts',
      emulator: { seed: 75, org: SIZES.org },
      syncSettings: { pageSize: 200 },
      temporalAddress: `127.0.0.1:${temporalPort}`,
      mongoServerUri: ferret.uri,
    });
  }, byProfile({ fast: 180_000, long: 600_000 }));
  afterAll(async () => {
    await f?.close();
    await temporal?.stop();
    await ferret?.stop();
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits until the pipeline is in a phase `matches` accepts; fails if it finished first. */
  async function waitForPhase(runId: string, what: string, matches: (phase: string) => boolean): Promise<string> {
    const phase = await waitForPipelinePhase(f.models, runId, matches, 120_000);
    if (phase === 'finished') throw new Error(`the pipeline finished before ${what}`);
    return phase;
  }

  it(`a pipeline survives a Temporal dev server restart during the admin sync, and ${BACKEND === 'postgresql' ? 'a PostgreSQL restart under a running FerretDB, then ' : ''}a FerretDB restart during the list syncs`, async () => {
    const startedAt = Date.now();
    const rounds: { round: number; temporalRestartAt: string; databaseRestartAt: string; pipelineSeconds: number; connectionReopens: number }[] = [];
    for (let round = 1; round <= SIZES.rounds; round++) {
      const expected = await makeChanges(f, round, { crmChanges: SIZES.crmChanges, scored: SIZES.scored });
      f.org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: CALL_LATENCY_MS, seed: round });
      const started = Date.now();
      const runId = await f.startPipeline('full');

      const temporalRestartAt = await waitForPhase(runId, 'the admin sync to pull', (p) => p.startsWith('crm-admin-sync:') && p.includes('pull'));
      await temporal?.stop();
      await sleep(DOWN_FOR_MS);
      temporal = await startTemporal();

      const databaseRestartAt = await waitForPhase(runId, 'a list sync or segment refresh', (p) => p.startsWith('list:') || p.startsWith('segment:'));
      if (postgres) {
        await postgres.stop();
        await sleep(DOWN_FOR_MS);
        await startStorage();
      }
      await ferret?.stop();
      await sleep(DOWN_FOR_MS);
      ferret = await startFerret();

      const run = await f.waitForRun(runId, 300_000).catch(async (err: Error) => {
        // One long run (of three) timed out here without a clue; the next one says where it stood.
        const logTail = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-4000) : '(none)');
        const logs = ['ferretdb/ferretdb.log', 'ferretdb/ferretdb-id-index.log', 'postgres/postgres.log'].map((name) => `${name} (end):\n${logTail(path.join(dataDir, name))}`).join('\n');
        throw new Error(`${err.message}\n${await describeStuckPipeline(f, runId)}\n${logs}`);
      });
      f.org.faults.clear();
      expect({ round, status: run.status, error: run.error }).toEqual({ round, status: 'succeeded', error: null });
      expect(await checkConvergence(f, expected)).toEqual(convergedReport(expected));
      // The worker process reconnected to both servers on its own: no restart of it was needed.
      expect(f.workers).toHaveLength(1);
      // How often the worker's stuck-connection healer had to reopen its database connection (domain/db/stuck-connection-healer.ts).
      const connectionReopens = (f.workers[0].output().match(/reopening it/g) ?? []).length - rounds.reduce((n, r) => n + r.connectionReopens, 0);
      rounds.push({ round, temporalRestartAt, databaseRestartAt, pipelineSeconds: secondsSince(started), connectionReopens });
    }
    writeFigures('server-restarts', { backend: BACKEND, org: SIZES.org, downForMs: DOWN_FOR_MS, callLatencyMs: CALL_LATENCY_MS, rounds, totalSeconds: secondsSince(startedAt) });
  }, byProfile({ fast: 5 * 60_000, long: 15 * 60_000 }));
});
