import { defaultToProduction, loadConfig } from '../domain/config';
import { serveApi } from './serve-api';

/**
 * `node dist/api/main.js`: the admin UI and JSON API on their own, in production mode unless
 * NODE_ENV says otherwise. SIGTERM or SIGINT drains it (serve-api.ts) and exits 0; a second
 * signal ends it at once (the handlers are gone).
 */
async function main(): Promise<void> {
  defaultToProduction(process.env);
  const config = loadConfig(process.env);
  const api = await serveApi(config);
  api.logger.info({ url: api.url, liveness: `${api.url}/healthz`, readiness: `${api.url}/readyz` }, `crm-sync admin UI listening on ${api.url}`);
  const stop = (signal: NodeJS.Signals) => {
    api.logger.info({ signal, graceSeconds: config.shutdown.graceSeconds }, 'stopping: draining requests');
    api.stop().then(
      ({ cutOff }) => {
        if (cutOff) api.logger.warn('requests still running at the end of the grace time were cut off');
        process.exit(0);
      },
      (err: unknown) => {
        api.logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  // Settings and key problems are the operator's to fix: their message says what, a stack would bury it.
  console.error(err.name === 'ConfigError' || err.name === 'SecretKeyError' ? err.message : err);
  process.exit(1);
});
