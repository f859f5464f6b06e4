import fs from 'node:fs';
import path from 'node:path';

/** The repository root: dev-services/ sits directly under it (also under dist/ after a build). */
export function repoRoot(): string {
  const here = path.resolve(__dirname, '..');
  return path.basename(here) === 'dist' ? path.dirname(here) : here;
}

/** Where Go-built binaries are cached: an ignored folder of the checkout unless overridden. */
export function toolsDir(): string {
  return process.env.CRM_SYNC_TOOLS_DIR ? path.resolve(process.env.CRM_SYNC_TOOLS_DIR) : path.join(repoRoot(), '.tools');
}

/** Where the embedded services keep their data across restarts (ignored by git). */
export function dataDir(): string {
  return process.env.CRM_SYNC_DATA_DIR ? path.resolve(process.env.CRM_SYNC_DATA_DIR) : path.join(repoRoot(), '.data');
}

/**
 * Creates (or tightens) a folder only its owner may enter: the embedded databases and the secret
 * key file live there, and files inside are created world-readable by the servers that write them.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}
