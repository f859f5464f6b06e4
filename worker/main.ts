import { defaultToProduction, loadConfig } from '../domain/config';
import { runWorker } from './run-worker';

/**
 * `node dist/worker/main.js`: a worker process on its own (production, or a second worker); NODE_ENV
 * defaults to production. SIGTERM or SIGINT stops it gracefully (see run-worker.ts): no new tasks,
 * running activities get CRM_SYNC_SHUTDOWN_GRACE_SECONDS, then connections close and it exits 0.
 * A second signal ends it at once (the handlers are gone).
 */
async function main(): Promise<void> {
  defaultToProduction(process.env);
  const config = loadConfig(process.env);
  const worker = await runWorker(config);
  const stop = (signal: NodeJS.Signals) => {
    worker.logger.info({ signal, graceSeconds: config.shutdown.graceSeconds }, 'stopping: no new tasks; running activities get the grace time');
    // A failed stop (the force time passed) rejects `done` too, and main reports it there.
    worker.stop().catch(() => undefined);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
}

main().then(
  // Everything is closed; a stray timer must not keep a stopped worker's process alive.
  () => process.exit(0),
  (err: Error) => {
    // Settings and key problems are the operator's to fix: their message says what, a stack would bury it.
    console.error(err.name === 'ConfigError' || err.name === 'SecretKeyError' ? err.message : err);
    process.exit(1);
  },
);
