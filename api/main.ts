import { defaultToProduction, loadConfig } from '../domain/config';
import { serveApi } from './serve-api';

/** `node dist/api/main.js`: the admin UI and JSON API on their own, in production mode unless NODE_ENV says otherwise. */
async function main(): Promise<void> {
  defaultToProduction(process.env);
  const api = await serveApi(loadConfig(process.env));
  console.log(`crm-sync admin UI listening on ${api.url}`);
  const stop = () => void api.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  // Settings and key problems are the operator's to fix: their message says what, a stack would bury it.
  console.error(err.name === 'ConfigError' || err.name === 'SecretKeyError' ? err.message : err);
  process.exit(1);
});
