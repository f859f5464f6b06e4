import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requireGo, runGo, type Log } from './go-build';
import { databaseBackend, type DatabaseBackend } from './database-backend';
import { toolsDir } from './paths';
import { ensurePostgres } from './postgres-install';
import { FERRETDB_MODULE, FERRETDB_VERSION, TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './tool-versions';

export interface ToolPaths {
  temporal: string;
  ferretdb: string;
  /** The folder of PostgreSQL's server programs, for FerretDB's PostgreSQL backend. */
  postgres: string;
}

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const where = found.stdout.trim();
  return found.status === 0 && where ? where : undefined;
}

function cachedBinary(name: string, version: string): string | undefined {
  const binary = path.join(toolsDir(), 'bin', name);
  const stamp = `${binary}.version`;
  if (fs.existsSync(binary) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === version) return binary;
  return undefined;
}

function markBuilt(binary: string, version: string): void {
  fs.writeFileSync(`${binary}.version`, `${version}\n`);
}

function explicitPath(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!fs.existsSync(value)) throw new Error(`${variable} points at ${value}, which does not exist`);
  return value;
}

/** The Temporal CLI: $TEMPORAL_CLI_PATH, a `temporal` on PATH, the cached build, or a fresh `go install`. */
export async function ensureTemporalCli(log: Log): Promise<string> {
  const existing = explicitPath('TEMPORAL_CLI_PATH') ?? onPath('temporal') ?? cachedBinary('temporal', TEMPORAL_CLI_VERSION);
  if (existing) return existing;
  requireGo('the Temporal CLI');
  const binDir = path.join(toolsDir(), 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const started = Date.now();
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only; about 3 minutes on 2 cores)…`);
  await runGo(['install', '-v', `${TEMPORAL_CLI_MODULE}/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { GOBIN: binDir },
    label: 'temporal',
    log,
  });
  const binary = path.join(binDir, 'temporal');
  markBuilt(binary, TEMPORAL_CLI_VERSION);
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
  return binary;
}

/**
 * FerretDB v1 cannot come from a plain `go install …@v1.24.2`: the proxy refuses the module's
 * version list (which `go install` reads for its deprecation check), and the module zip lacks
 * build/version/version.txt, so even a successful build panics at start. We download the exact
 * pinned module, copy it somewhere writable, write the version file its build expects, and build
 * ./cmd/ferretdb with the module's own go.mod and go.sum: the same code `go install` would build.
 */
export async function ensureFerretDb(log: Log): Promise<string> {
  const existing = explicitPath('FERRETDB_PATH') ?? cachedBinary('ferretdb', FERRETDB_VERSION);
  if (existing) return existing;
  requireGo('FerretDB');
  const binDir = path.join(toolsDir(), 'bin');
  const srcDir = path.join(toolsDir(), 'src', `ferretdb-${FERRETDB_VERSION}`);
  fs.mkdirSync(binDir, { recursive: true });
  const started = Date.now();
  log(`Building FerretDB ${FERRETDB_VERSION} from the Go module proxy (first time only; about 1 minute)…`);
  const download = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    cwd: toolsDir(),
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (download.status !== 0) throw new Error(`go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION} failed:\n${download.stdout}${download.stderr}`);
  const moduleInfo = JSON.parse(download.stdout) as { Dir: string; Origin?: { Hash?: string } };
  fs.rmSync(srcDir, { recursive: true, force: true });
  fs.cpSync(moduleInfo.Dir, srcDir, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', srcDir]);
  fs.writeFileSync(path.join(srcDir, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  if (moduleInfo.Origin?.Hash) fs.writeFileSync(path.join(srcDir, 'build/version/commit.txt'), `${moduleInfo.Origin.Hash}\n`);
  const binary = path.join(binDir, 'ferretdb');
  const partial = `${binary}.partial`;
  await runGo(['build', '-v', '-trimpath', '-o', partial, './cmd/ferretdb'], { cwd: srcDir, label: 'ferretdb', log });
  fs.renameSync(partial, binary);
  markBuilt(binary, FERRETDB_VERSION);
  log(`FerretDB built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
  return binary;
}

/** What the embedded services need: nothing for a server configured outside (TEMPORAL_ADDRESS, MONGODB_URI). */
export function neededTools(backend: DatabaseBackend = databaseBackend(), env: NodeJS.ProcessEnv = process.env) {
  return { temporal: !env.TEMPORAL_ADDRESS, ferretdb: !env.MONGODB_URI, postgres: !env.MONGODB_URI && backend === 'postgresql' };
}

/** Builds (or installs) whatever is missing; never rebuilds what is cached. */
export async function ensureTools(log: Log, needs = neededTools()): Promise<Partial<ToolPaths>> {
  const tools: Partial<ToolPaths> = {};
  if (needs.temporal) tools.temporal = await ensureTemporalCli(log);
  if (needs.ferretdb) tools.ferretdb = await ensureFerretDb(log);
  if (needs.postgres) tools.postgres = ensurePostgres(log);
  return tools;
}
