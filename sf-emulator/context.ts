import type { Request } from 'express';
import type { BulkJobStore } from './bulk/jobs';
import type { FaultController } from './faults';
import type { SessionStore } from './sessions';
import type { CursorStore } from './soql/cursors';
import type { ApiStats } from './stats';
import type { OrgStore } from './store';

export interface EmulatorSettings {
  apiVersion: string;
  dailyApiLimit: number;
  defaultBatchSize: number;
  /** Bulk API 2.0: the tick between job states and between chunks of an ingest job. */
  bulkProcessingDelayMs: number;
  /** Bulk API 2.0: ingest rows processed per tick. */
  bulkChunkSize: number;
  /** Bulk API 2.0: rows per query results page when the client gives no maxRecords. */
  bulkQueryPageSize: number;
}

/** Everything the routes share: one org, its sessions, counters and fault switches. */
export interface EmulatorContext {
  store: OrgStore;
  faults: FaultController;
  stats: ApiStats;
  sessions: SessionStore;
  cursors: CursorStore;
  bulkJobs: BulkJobStore;
  settings: EmulatorSettings;
}

/** The instance URL as the client reached us, so it stays right whatever port the emulator bound. */
export function instanceUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

export const SUPPORTED_VERSIONS = Array.from({ length: 62 - 20 + 1 }, (_, i) => `${20 + i}.0`);

/** The session user of an authenticated REST request (set by the auth middleware). */
export function sessionUser(res: { locals: Record<string, unknown> }): string {
  return res.locals.userId as string;
}
