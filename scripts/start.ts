import path from 'node:path';
import { serveApi } from '../api/serve-api';
import { startEmbeddedServices } from '../dev-services/embedded-services';
import { preferredOrFreePort } from '../dev-services/free-port';
import { dataDir } from '../dev-services/paths';
import { loadConfig } from '../domain/config';
import { createSecretBox, loadSecretKey } from '../domain/secrets/secret-box';
import { DEMO_CREDENTIALS, startEmulator } from '../sf-emulator';
import { DEMO_CREDENTIALS as DYNAMICS_DEMO_CREDENTIALS, startDynamicsEmulator } from '../dynamics-emulator';
import { DEMO_CREDENTIALS as SUGAR_DEMO_CREDENTIALS, startSugarEmulator } from '../sugar-emulator';
import { runWorker } from '../worker/run-worker';
import { startCrmAdminSync } from '../api/services/run-starter';
import { ensureDemoConnection } from './demo-connection';
import { ensureDynamicsDemoConnection } from './dynamics-demo-connection';
import { ensureSugarDemoConnection } from './sugar-demo-connection';

const log = (line: string) => console.log(line);

/**
 * `npm start`: the whole product on embedded defaults. Temporal dev server and FerretDB (on its
 * PostgreSQL cluster) keep their data in .data/ across restarts; the emulator regenerates the same demo org from its seed each time.
 */
async function main(): Promise<void> {
  const root = dataDir();
  log('crm-sync: starting (first run builds the Temporal CLI and FerretDB with Go, and creates the PostgreSQL cluster; later runs reuse them)…');
  const services = await startEmbeddedServices({
    dataDir: root,
    log,
    temporalUi: true,
    temporalPort: await preferredOrFreePort(7233),
    temporalUiPort: await preferredOrFreePort(8233),
    mongoPort: await preferredOrFreePort(27017),
  });
  const emulator = await startEmulator({ port: await preferredOrFreePort(8444), org: 'demo', seed: 1 });
  const dynamicsEmulator = await startDynamicsEmulator({ port: await preferredOrFreePort(8445), org: 'demo', seed: 1 });
  const sugarEmulator = await startSugarEmulator({ port: await preferredOrFreePort(8446), org: 'demo', seed: 1 });
  const config = loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_UI_URL: services.temporalUiUrl,
    MONGODB_URI: services.mongoUri,
    PORT: process.env.PORT ?? String(await preferredOrFreePort(3000)),
    CRM_SYNC_SECRET_KEY_FILE: process.env.CRM_SYNC_SECRET_KEY_FILE ?? path.join(root, 'secret.key'),
    // The demo org is the emulator on loopback, and `npm start` is for development machines.
    CRM_SYNC_ALLOW_LOOPBACK_HOSTS: process.env.CRM_SYNC_ALLOW_LOOPBACK_HOSTS ?? 'true',
  });
  const worker = await runWorker(config);
  const api = await serveApi(config);
  const box = createSecretBox(loadSecretKey(config.secretKey));
  const demo = await ensureDemoConnection(api.models, box, {
    url: emulator.url,
    username: DEMO_CREDENTIALS.username,
    password: DEMO_CREDENTIALS.password,
    securityToken: DEMO_CREDENTIALS.securityToken,
  });
  await ensureDynamicsDemoConnection(api.models, box, {
    url: dynamicsEmulator.url,
    tenantId: DYNAMICS_DEMO_CREDENTIALS.tenantId,
    clientId: DYNAMICS_DEMO_CREDENTIALS.clientId,
    clientSecret: DYNAMICS_DEMO_CREDENTIALS.clientSecret,
  });
  await ensureSugarDemoConnection(api.models, box, { url: sugarEmulator.url, ...SUGAR_DEMO_CREDENTIALS });
  // A first full sync of the demo org, so the UI has data to show from the first visit.
  if (demo.neverSynced) {
    await startCrmAdminSync({ models: api.models, temporal: api.temporal, taskQueue: config.temporal.taskQueue }, demo.id, { mode: 'full' }, { triggeredBy: 'npm start (first run)' });
    log('crm-sync: first sync of the demo org started (see Runs).');
  }

  log('');
  log(`  Admin UI:            ${api.url}`);
  log(`  Health / readiness:  ${api.url}/healthz  ${api.url}/readyz`);
  log(`  API docs:            ${api.url}/api/docs  (OpenAPI 3.1: ${api.url}/api/v1/openapi.json; signed in)`);
  log(`  Metrics:             ${config.http.metricsToken ? `${api.url}/metrics  (bearer CRM_SYNC_METRICS_TOKEN)` : 'off (set CRM_SYNC_METRICS_TOKEN; workers: CRM_SYNC_WORKER_METRICS_ADDRESS)'}`);
  log(`  Temporal Web UI:     ${services.temporalUiUrl ?? '(external Temporal: see your cluster)'}`);
  log(`  Salesforce emulator: ${emulator.url}  (user ${DEMO_CREDENTIALS.username})`);
  log(`  Dataverse emulator:  ${dynamicsEmulator.url}  (Dynamics 365; app ${DYNAMICS_DEMO_CREDENTIALS.clientId})`);
  log(`  SugarCRM emulator:   ${sugarEmulator.url}  (user ${SUGAR_DEMO_CREDENTIALS.username}, platform ${SUGAR_DEMO_CREDENTIALS.platform})`);
  log(`  MongoDB:             ${config.mongoUri}${services.databaseBackend ? `  (FerretDB on ${services.databaseBackend === 'postgresql' ? 'PostgreSQL' : 'SQLite'})` : ''}`);
  log(`  Data:                ${root}`);
  log('');
  log('Press Ctrl-C to stop everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('\ncrm-sync: stopping…');
    await api.stop();
    await worker.stop();
    await emulator.close();
    await dynamicsEmulator.close();
    await sugarEmulator.close();
    await services.stop();
    log('crm-sync: stopped; data kept in ' + root);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  console.error(`crm-sync failed to start: ${err.message}`);
  process.exit(1);
});
