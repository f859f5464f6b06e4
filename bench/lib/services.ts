/**
 * The servers a benchmark run shares: the real Temporal dev server and FerretDB (started by
 * dev-services/embedded-services.ts in a fresh temporary folder, so every run starts from empty
 * databases) and the workflow bundle, built once so each worker process polls within a second.
 *
 * API:
 *   const running = await startBenchServices({ log });   // running.services: BenchServices
 *   ...
 *   await running.stop();                                 // stops both servers, removes the folder
 *
 * TEMPORAL_ADDRESS / MONGODB_URI are deliberately not honoured: a benchmark against someone's
 * development database would mix its figures with whatever else runs there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedServices } from '../../dev-services/embedded-services';
import { workflowsEntryPath } from '../../worker/create-worker';
import type { BenchServices } from './scenario';

export interface RunningBenchServices {
  services: BenchServices;
  stop(): Promise<void>;
}

export async function startBenchServices(options: { log(line: string): void; keepRunDir?: boolean }): Promise<RunningBenchServices> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-bench-'));
  // As root, PostgreSQL runs as its own account, which must be able to pass through to its folder inside.
  fs.chmodSync(runDir, 0o711);
  const saved = { temporal: process.env.TEMPORAL_ADDRESS, mongo: process.env.MONGODB_URI };
  delete process.env.TEMPORAL_ADDRESS;
  delete process.env.MONGODB_URI;
  let embedded: Awaited<ReturnType<typeof startEmbeddedServices>>;
  try {
    embedded = await startEmbeddedServices({ dataDir: runDir, log: options.log, temporalUi: false, database: '', durability: 'throwaway' });
  } finally {
    if (saved.temporal !== undefined) process.env.TEMPORAL_ADDRESS = saved.temporal;
    if (saved.mongo !== undefined) process.env.MONGODB_URI = saved.mongo;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await embedded.stop();
    if (!options.keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const bundle = await bundleWorkflowCode({
      workflowsPath: workflowsEntryPath(),
      logger: { info() {}, warn() {}, error: options.log, debug() {}, trace() {}, log() {} },
    });
    const workflowBundlePath = path.join(runDir, 'workflow-bundle.js');
    fs.writeFileSync(workflowBundlePath, bundle.code);
    return { services: { temporalAddress: embedded.temporalAddress, mongoServerUri: embedded.mongoUri, workflowBundlePath, runDir }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `mongodb://host:port/` + database → the URI a scenario's models and worker connect to. */
export function databaseUri(services: Pick<BenchServices, 'mongoServerUri'>, database: string): string {
  const server = services.mongoServerUri;
  return server.endsWith('/') ? `${server}${database}` : server.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
}
