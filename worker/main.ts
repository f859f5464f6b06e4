import { loadConfig } from '../domain/config';
import { runWorker } from './run-worker';

/** `node dist/worker/main.js`: a worker process on its own (production, or a second worker). */
async function main(): Promise<void> {
  const worker = await runWorker(loadConfig(process.env));
  const stop = () => void worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
