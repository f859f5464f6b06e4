import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './managed-process';
import { repoRoot } from './paths';

/** A source file, not compiled: found in the checkout also when running from dist/. */
const KEEPER = path.join(repoRoot(), 'dev-services', 'ferretdb-id-index-keeper.py');

/**
 * Starts dev-services/ferretdb-id-index-keeper.py beside an embedded FerretDB: it indexes the
 * expression FerretDB v1 filters `_id` look-ups, updates and deletes on, which its own `_id` index
 * does not cover (see the script for the figures: updateOne by `_id` 141 ms -> 1.4 ms at 20,000
 * documents). Python 3's standard library is all it needs. Without python3 FerretDB still works,
 * only updates stay slow on large collections, so this warns and returns undefined.
 */
export function startIdIndexKeeper(sqliteDir: string, logFile: string): ManagedProcess | undefined {
  const python = process.env.CRM_SYNC_PYTHON ?? 'python3';
  if (spawnSync(python, ['-c', 'import sqlite3'], { stdio: 'ignore' }).status !== 0) {
    process.stderr.write(`warning: ${python} with sqlite3 not found; FerretDB updates by _id will scan whole collections\n`);
    return undefined;
  }
  return spawnManaged({ name: 'FerretDB id index keeper', command: python, args: [KEEPER, sqliteDir], logFile });
}
