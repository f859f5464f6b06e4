import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedServices } from '../../dev-services/embedded-services';
import { workflowsEntryPath } from '../../worker/create-worker';
import { createDeleteLedger, DELETE_LEDGER_ENV } from './crm-delete-ledger';
import { HARNESS_ENV, type HarnessState } from './harness-env';

/**
 * Starts the real Temporal dev server and FerretDB once per test run (or uses TEMPORAL_ADDRESS /
 * MONGODB_URI), and bundles the workflows once. Test files isolate themselves by database name
 * and task queue (test/harness/services.ts).
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // Password hashing at production cost would dominate the suite's time; the algorithm is the same.
  process.env.CRM_SYNC_BCRYPT_COST ??= '4';
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-test-'));
  // As root, PostgreSQL runs as its own account, which must be able to pass through to its folder inside.
  fs.chmodSync(runDir, 0o711);
  const started = Date.now();
  const services = await startEmbeddedServices({ dataDir: runDir, log, temporalUi: false, database: '', durability: 'throwaway' });
  const bundle = await bundleWorkflowCode({ workflowsPath: workflowsEntryPath(), logger: { info() {}, warn() {}, error: log, debug() {}, trace() {}, log() {} } });
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env[HARNESS_ENV.temporalAddress] = services.temporalAddress;
  process.env[HARNESS_ENV.mongoServerUri] = services.mongoUri;
  process.env[HARNESS_ENV.workflowBundle] = bundlePath;
  process.env[HARNESS_ENV.runDir] = runDir;
  process.env[DELETE_LEDGER_ENV] = createDeleteLedger(runDir);
  const state: HarnessState = { services, runDir };
  (globalThis as { __crmSyncHarness?: HarnessState }).__crmSyncHarness = state;
  log(`\ntest services ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Temporal ${services.temporalAddress}, MongoDB ${services.mongoUri}${services.databaseBackend ? ` on ${services.databaseBackend}` : ''})`);
}

// If the run is interrupted (Ctrl-C, CI timeout), stop the servers instead of leaving them running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    const state = (globalThis as { __crmSyncHarness?: HarnessState }).__crmSyncHarness;
    // A signal handler cannot be awaited; the race bounds the clean-up and exit ends the process.
    void Promise.race([state?.services.stop(), new Promise((r) => setTimeout(r, 5000))]).finally(() => process.exit(130));
  });
}
