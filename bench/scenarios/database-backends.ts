/**
 * The embedded database's two storages side by side in one run: FerretDB v1.24 on a private
 * PostgreSQL cluster (the default) and on SQLite (CRM_SYNC_DB_BACKEND=sqlite). Both are started
 * here, fresh, whatever the run's own backend is, and measured with the same documents and picks:
 * - the reads the pages lean on (bench/lib/backend-reads.ts): insert, find and update by a
 *   non-`_id` indexed field, find by `_id`, a 50-member page of one list in `_id` order, counts;
 * - the full sync of the admin-sync scenario's smoke org through the real workflow and a worker.
 *
 * `npm run bench -- --only=database-backends`
 */
import path from 'node:path';
import type { DatabaseBackend } from '../../dev-services/database-backend';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../dev-services/embedded-database';
import { ensureTools } from '../../dev-services/tools';
import { orgSizeForPeople } from '../../sf-emulator';
import { measureBackendReads, type BackendReadFigures } from '../lib/backend-reads';
import type { BenchContext, BenchRow, BenchScenario, ScenarioResult } from '../lib/scenario';
import { databaseUri } from '../lib/services';
import { median } from '../lib/stats';
import { openBenchDatabase, runAdminSync, startBenchOrg } from '../lib/sync-bench';

const BACKENDS: readonly DatabaseBackend[] = ['sqlite', 'postgresql'];
/** The issue's 20,000 documents; 100 lists of 200 (a page is then a small slice of a big collection). */
const DOCUMENTS = { full: 20_000, smoke: 1_000 } as const;
const LISTS = { full: 100, smoke: 10 } as const;
const SAMPLES = { full: 20, smoke: 3 } as const;
/** The admin-sync scenario's smoke org at full size; a small one in the test suite. */
const SYNC_PEOPLE = { full: 1_000, smoke: 100 } as const;

async function startBoth(ctx: BenchContext): Promise<Map<DatabaseBackend, EmbeddedDatabase>> {
  const tools = await ensureTools(ctx.log, { temporal: false, ferretdb: true, postgres: true });
  const started = new Map<DatabaseBackend, EmbeddedDatabase>();
  try {
    for (const backend of BACKENDS) {
      const database = await startEmbeddedDatabase({
        backend,
        ferretdbBinary: tools.ferretdb as string,
        postgresBinDir: tools.postgres,
        dataDir: path.join(ctx.services.runDir, `backend-${backend}`),
        durability: 'throwaway',
      });
      started.set(backend, database);
    }
  } catch (err) {
    await Promise.all([...started.values()].map((d) => d.stop()));
    throw err;
  }
  return started;
}

async function runScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const databases = await startBoth(ctx);
  const reads = new Map<DatabaseBackend, BackendReadFigures[]>(BACKENDS.map((b) => [b, []]));
  const syncSeconds = new Map<DatabaseBackend, number[]>(BACKENDS.map((b) => [b, []]));
  const org = await startBenchOrg(ctx, orgSizeForPeople(SYNC_PEOPLE[ctx.size]));
  try {
    for (let repeat = 0; repeat < ctx.repeats; repeat += 1) {
      for (const backend of BACKENDS) {
        const server = { mongoServerUri: (databases.get(backend) as EmbeddedDatabase).uri };
        const figures = await measureBackendReads(databaseUri(server, `backend_reads_${repeat}`), { documents: DOCUMENTS[ctx.size], lists: LISTS[ctx.size], samples: SAMPLES[ctx.size] });
        reads.get(backend)?.push(figures);
        ctx.log(`${backend}, repeat ${repeat + 1}: ${Object.entries(figures).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' ')}`);
        const db = await openBenchDatabase({ services: { ...ctx.services, ...server } }, org, `backend_sync_${backend}`);
        try {
          const measured = await runAdminSync(db, org, 'full');
          syncSeconds.get(backend)?.push(measured.seconds);
          ctx.log(`${backend}, repeat ${repeat + 1}: full sync of ${measured.fetched} records in ${measured.seconds.toFixed(1)} s`);
        } finally {
          await db.close();
        }
      }
    }
  } finally {
    await org.close();
    await Promise.all([...databases.values()].map((d) => d.stop()));
  }
  const rows: BenchRow[] = BACKENDS.map((backend) => {
    const figures = reads.get(backend) ?? [];
    const metrics: Record<string, number[]> = {};
    for (const key of Object.keys(figures[0] ?? {}) as (keyof BackendReadFigures)[]) metrics[key] = figures.map((f) => f[key]);
    metrics.full_sync_seconds = syncSeconds.get(backend) ?? [];
    return {
      scenario: 'database backends',
      variant: backend === 'postgresql' ? 'FerretDB on PostgreSQL' : 'FerretDB on SQLite',
      metrics,
      info: { documents: DOCUMENTS[ctx.size].toLocaleString('en-US'), lists: String(LISTS[ctx.size]), 'sync org records': org.records.toLocaleString('en-US') },
    };
  });
  const medianOf = (backend: DatabaseBackend, metric: string) => median(rows[BACKENDS.indexOf(backend)].metrics[metric] ?? []);
  const speedup = (metric: string) => medianOf('sqlite', metric) / medianOf('postgresql', metric);
  return {
    rows,
    targets: [
      {
        scenario: 'database-backends',
        description: 'PostgreSQL answers a find by a non-_id indexed field faster than SQLite',
        measured: `${speedup('find_by_field_ms').toFixed(1)} × faster`,
        met: speedup('find_by_field_ms') > 1,
      },
      {
        scenario: 'database-backends',
        description: 'the full sync is no slower on PostgreSQL than on SQLite',
        measured: `${speedup('full_sync_seconds').toFixed(2)} × SQLite's speed`,
        met: speedup('full_sync_seconds') >= 1,
      },
    ],
    notes: [`milliseconds are medians of ${SAMPLES[ctx.size]} picks spread over the collection (pages and counts: fewer); both backends get the same documents and picks`],
  };
}

export const scenario: BenchScenario = {
  id: 'database-backends',
  title: 'FerretDB on PostgreSQL vs on SQLite: interactive reads and a full sync',
  order: 5,
  run: runScenario,
};
