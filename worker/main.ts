import { defaultToProduction, loadConfig } from '../domain/config';
import { runWorker } from './run-worker';

/** `node dist/worker/main.js`: a worker process on its own (production, or a second worker); NODE_ENV defaults to production. */
async function main(): Promise<void> {
  defaultToProduction(process.env);
  const worker = await runWorker(loadConfig(process.env));
  const stop = () => void worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
}

main().catch((err: Error) => {
  // Settings and key problems are the operator's to fix: their message says what, a stack would bury it.
  console.error(err.name === 'ConfigError' || err.name === 'SecretKeyError' ? err.message : err);
  process.exit(1);
});
