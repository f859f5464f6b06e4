import { loadConfig } from '../domain/config';
import { serveApi } from './serve-api';

/** `node dist/api/main.js`: the admin UI and JSON API on their own. */
async function main(): Promise<void> {
  const api = await serveApi(loadConfig(process.env));
  console.log(`crm-sync admin UI listening on ${api.url}`);
  const stop = () => void api.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
