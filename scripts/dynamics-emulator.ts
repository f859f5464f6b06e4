import { DEMO_CREDENTIALS, startDynamicsEmulator } from '../dynamics-emulator';

/**
 * `npm run emulator:dynamics [port]`: the Dataverse Web API emulator alone, with the demo org
 * (seed 1), for trying dynamics-web-api or curl against it. Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? process.env.DYNAMICS_EMULATOR_PORT ?? 0);
  const started = Date.now();
  const emulator = await startDynamicsEmulator({ port, org: 'demo', seed: 1 });
  const log = (line: string) => console.log(line);
  log(`Dataverse Web API emulator ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log(`  Web API:        ${emulator.url}/api/data/v9.2/`);
  log(`  Token endpoint: ${emulator.tokenUrl}`);
  log(`  Tenant id:      ${DEMO_CREDENTIALS.tenantId}`);
  log(`  Client id:      ${DEMO_CREDENTIALS.clientId}`);
  log(`  Client secret:  ${DEMO_CREDENTIALS.clientSecret}`);
  log(`  Scope:          ${emulator.url}/.default`);
  log(`  Rows:           ${['contact', 'lead', 'account', 'opportunity', 'campaign', 'list', 'listmember'].map((t) => `${t} ${emulator.store.count(t)}`).join(', ')}`);
  const stop = () => void emulator.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
