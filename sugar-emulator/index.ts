import { closeServer, listenOnLoopback } from '../emulator-kit/server';
import { orgPlan, type EmulatorOptionsBase } from '../emulator-kit/options';
import type { EmulatorContext } from './context';
import { FaultController } from './faults';
import { generateOrg } from './org/generator';
import { DEMO_ORG, EMPTY_ORG, type OrgSize } from './org/org-size';
import { createEmulatorApp } from './server';
import { ApiStats } from './stats';
import { SugarStore } from './store';
import { TokenStore } from './tokens';

export { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS, clientNameOf } from './credentials';
export { createEmulatorApp } from './server';
export { orgSizeForPeople } from './org/org-size';
export type { OrgSize } from './org/org-size';
export type { EmulatorContext } from './context';
export type { SugarStore, RelationshipRow } from './store';
export type { FaultController, FaultKind, FaultSettings, RecordWriteFault } from './faults';
export type { ApiStats } from './stats';
export type { Row, FieldValue, FieldDef, ModuleDef } from './schema/types';

/** The REST API version the emulator's URLs name by default (Sugar 14.x answers v11_25; any v10/v11_N path works). */
export const REST_VERSION = 'v11_25';

export interface SugarEmulatorOptions extends EmulatorOptionsBase<OrgSize> {
  /** 'demo' ≈ 10,000 leads+contacts; 'empty' = only the two API users. Default 'demo'. */
  org?: OrgSize | 'demo' | 'empty';
  /** Records per page without max_num (default 20, as FilterApi). */
  defaultPageSize?: number;
  /** The most records one page holds (default 1000; see README). */
  maxListLimit?: number;
  /** Access token lifetime (default 3600 s) and refresh token lifetime (default 1,209,600 s = 14 days). */
  accessTokenLifetimeSeconds?: number;
  refreshTokenLifetimeSeconds?: number;
  /** A password grant ends the same user's earlier session on the same platform (default true, as Sugar does). */
  singleSessionPerPlatform?: boolean;
}

export interface RunningSugarEmulator {
  /** e.g. http://127.0.0.1:54321 — the instance URL a connection names. */
  url: string;
  /** `${url}/rest/v11_25`: the base of every API path. */
  restUrl: string;
  port: number;
  store: SugarStore;
  faults: FaultController;
  stats: ApiStats;
  /** Every access token issued so far becomes invalid (401 invalid_grant), as when they expire; refresh tokens still work. */
  expireAccessTokens(): void;
  /** Every refresh token issued so far becomes invalid too: only a new password grant helps. */
  expireRefreshTokens(): void;
  close(): Promise<void>;
}

/** Builds the instance and the app without listening; for supertest or for embedding. */
export function createSugarEmulator(opts: SugarEmulatorOptions = {}): { context: EmulatorContext; app: ReturnType<typeof createEmulatorApp> } {
  const { seed, size, deleteLedgerPath } = orgPlan(opts, DEMO_ORG, EMPTY_ORG);
  const store = new SugarStore(seed);
  generateOrg(store, size, seed);
  const context: EmulatorContext = {
    store,
    faults: new FaultController(),
    stats: new ApiStats(deleteLedgerPath),
    tokens: new TokenStore(opts.accessTokenLifetimeSeconds ?? 3600, opts.refreshTokenLifetimeSeconds ?? 1_209_600, opts.singleSessionPerPlatform ?? true),
    settings: { defaultPageSize: opts.defaultPageSize ?? 20, maxListLimit: opts.maxListLimit ?? 1000, maxBulkRequests: 1000 },
  };
  return { context, app: createEmulatorApp(context) };
}

export async function startSugarEmulator(opts: SugarEmulatorOptions = {}): Promise<RunningSugarEmulator> {
  const { context, app } = createSugarEmulator(opts);
  const { server, port, url } = await listenOnLoopback(app, opts.port);
  return {
    url,
    restUrl: `${url}/rest/${REST_VERSION}`,
    port,
    store: context.store,
    faults: context.faults,
    stats: context.stats,
    expireAccessTokens: () => context.tokens.expireAccessTokens(),
    expireRefreshTokens: () => context.tokens.expireRefreshTokens(),
    close: () => closeServer(server),
  };
}
