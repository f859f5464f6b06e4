import { closeServer, listenOnLoopback } from '../emulator-kit/server';
import { orgPlan, type EmulatorOptionsBase } from '../emulator-kit/options';
import { BulkJobStore } from './bulk/jobs';
import type { EmulatorContext } from './context';
import { FaultController } from './faults';
import { generateOrg } from './generator';
import { DEMO_ORG, EMPTY_ORG, type OrgSize } from './org-size';
import { createEmulatorApp } from './server';
import { SessionStore } from './sessions';
import { CursorStore } from './soql/cursors';
import { ApiStats } from './stats';
import { OrgStore } from './store';

export { DEMO_CREDENTIALS } from './credentials';
export { createEmulatorApp } from './server';
export type { EmulatorContext } from './context';
export { orgSizeForPeople } from './org-size';
export type { OrgSize } from './org-size';
export type { OrgStore } from './store';
export type { FaultController, FaultKind, FaultSettings, RecordWriteFault } from './faults';
export type { ApiStats } from './stats';
export type { SfRecord, FieldValue } from './schema';

export interface EmulatorOptions extends EmulatorOptionsBase<OrgSize> {
  /** 'demo' ≈ 10,000 people; 'empty' = only the admin user. Default 'demo'. */
  org?: OrgSize | 'demo' | 'empty';
  apiVersion?: string;
  dailyApiLimit?: number;
  /** Query page size (default 2000); `Sforce-Query-Options: batchSize=N` overrides it per request. */
  defaultBatchSize?: number;
  /** Bulk API 2.0 tick between job states and between ingest chunks (default 50 ms). */
  bulkProcessingDelayMs?: number;
  /** Bulk API 2.0 ingest rows processed per tick (default 2000). */
  bulkChunkSize?: number;
  /** Bulk API 2.0 query rows per results page: when the client sends no maxRecords, and at most (default 50,000). */
  bulkQueryPageSize?: number;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:54321 — use as jsforce `loginUrl`. */
  url: string;
  port: number;
  store: OrgStore;
  faults: FaultController;
  stats: ApiStats;
  /** Invalidates every access token, as a session timeout or admin revoke would; refresh tokens keep working. */
  expireAllSessions(): void;
  close(): Promise<void>;
}

/** Builds the org and the app without listening; for supertest or for embedding. */
export function createEmulator(opts: EmulatorOptions = {}): { context: EmulatorContext; app: ReturnType<typeof createEmulatorApp> } {
  const { seed, size, deleteLedgerPath } = orgPlan(opts, DEMO_ORG, EMPTY_ORG);
  const store = new OrgStore(seed);
  generateOrg(store, size, seed);
  const context: EmulatorContext = {
    store,
    faults: new FaultController(),
    stats: new ApiStats(deleteLedgerPath),
    sessions: new SessionStore(store.orgId),
    cursors: new CursorStore(),
    bulkJobs: new BulkJobStore(),
    settings: {
      apiVersion: opts.apiVersion ?? '59.0',
      dailyApiLimit: opts.dailyApiLimit ?? 1_000_000,
      defaultBatchSize: opts.defaultBatchSize ?? 2000,
      bulkProcessingDelayMs: opts.bulkProcessingDelayMs ?? 50,
      bulkChunkSize: opts.bulkChunkSize ?? 2000,
      bulkQueryPageSize: opts.bulkQueryPageSize ?? 50_000,
    },
  };
  return { context, app: createEmulatorApp(context) };
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { context, app } = createEmulator(opts);
  const { server, port, url } = await listenOnLoopback(app, opts.port);
  return {
    url,
    port,
    store: context.store,
    faults: context.faults,
    stats: context.stats,
    expireAllSessions: () => context.sessions.expireAll(),
    close: () => closeServer(server, () => context.bulkJobs.stop()),
  };
}
