import { closeServer, listenOnLoopback } from '../emulator-kit/server';
import { orgPlan, type EmulatorOptionsBase } from '../emulator-kit/options';
import type { EmulatorContext } from './context';
import { DEMO_CREDENTIALS } from './credentials';
import { FaultController } from './faults';
import { ResultCache } from './routes/result-cache';
import { generateOrg } from './org/generator';
import { DEMO_ORG, EMPTY_ORG, type OrgSize } from './org/org-size';
import { createEmulatorApp } from './server';
import { ApiStats } from './stats';
import { DataverseStore } from './store';
import { TokenStore } from './tokens';

export { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS } from './credentials';
export { createEmulatorApp } from './server';
export { orgSizeForPeople } from './org/org-size';
export type { OrgSize } from './org/org-size';
export type { EmulatorContext } from './context';
export type { DataverseStore } from './store';
export type { FaultController, FaultKind, FaultSettings, RecordWriteFault } from './faults';
export type { ApiStats } from './stats';
export type { Row, FieldValue, LookupValue } from './schema/types';

export interface DynamicsEmulatorOptions extends EmulatorOptionsBase<OrgSize> {
  /** 'demo' ≈ 10,000 leads+contacts; 'empty' = only the application user. Default 'demo'. */
  org?: OrgSize | 'demo' | 'empty';
  /** Rows per page without odata.maxpagesize, and the most a page holds (default 5000, as Dataverse). */
  maxPageSize?: number;
  /** Concurrent requests per user before 429 0x80072326 (default 52, as Dataverse documents). */
  maxConcurrentRequests?: number;
  /** Access token lifetime (default 3599 s, as Entra ID issues them). */
  tokenLifetimeSeconds?: number;
}

export interface RunningDynamicsEmulator {
  /** e.g. http://127.0.0.1:54321 — the dynamics-web-api `serverUrl`, and the token scope is `${url}/.default`. */
  url: string;
  /** The token endpoint of the demo tenant. */
  tokenUrl: string;
  port: number;
  store: DataverseStore;
  faults: FaultController;
  stats: ApiStats;
  /** Every access token issued so far becomes invalid (401), as when they expire. */
  expireAllTokens(): void;
  close(): Promise<void>;
}

/** Builds the org and the app without listening; for supertest or for embedding. */
export function createDynamicsEmulator(opts: DynamicsEmulatorOptions = {}): { context: EmulatorContext; app: ReturnType<typeof createEmulatorApp> } {
  const { seed, size, deleteLedgerPath } = orgPlan(opts, DEMO_ORG, EMPTY_ORG);
  const store = new DataverseStore(seed);
  generateOrg(store, size, seed);
  const context: EmulatorContext = {
    store,
    faults: new FaultController(),
    stats: new ApiStats(deleteLedgerPath),
    tokens: new TokenStore(opts.tokenLifetimeSeconds ?? 3599),
    results: new ResultCache(),
    settings: { maxPageSize: opts.maxPageSize ?? 5000, maxConcurrentRequests: opts.maxConcurrentRequests ?? 52, concurrencyRetryAfterSeconds: 1 },
  };
  return { context, app: createEmulatorApp(context) };
}

export async function startDynamicsEmulator(opts: DynamicsEmulatorOptions = {}): Promise<RunningDynamicsEmulator> {
  const { context, app } = createDynamicsEmulator(opts);
  const { server, port, url } = await listenOnLoopback(app, opts.port);
  return {
    url,
    tokenUrl: `${url}/${DEMO_CREDENTIALS.tenantId}/oauth2/v2.0/token`,
    port,
    store: context.store,
    faults: context.faults,
    stats: context.stats,
    expireAllTokens: () => context.tokens.expireAll(),
    close: () => closeServer(server),
  };
}
