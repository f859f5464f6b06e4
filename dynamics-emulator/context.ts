import type { FaultController } from './faults';
import type { ResultCache } from './routes/result-cache';
import type { ApiStats } from './stats';
import type { DataverseStore } from './store';
import type { TokenStore } from './tokens';

export interface EmulatorSettings {
  /** Rows per page when the caller sends no odata.maxpagesize (Dataverse: 5000, also the most a page holds). */
  maxPageSize: number;
  /** In-flight requests one user may have before 429 0x80072326 (Dataverse documents 52). */
  maxConcurrentRequests: number;
  /** Retry-After seconds of concurrency 429s. */
  concurrencyRetryAfterSeconds: number;
}

/** Everything the routes share: one org, its tokens, counters and fault switches. */
export interface EmulatorContext {
  store: DataverseStore;
  faults: FaultController;
  stats: ApiStats;
  tokens: TokenStore;
  /** Sorted query results reused across the pages of one read while nothing changes. */
  results: ResultCache;
  settings: EmulatorSettings;
}

export const API_PATH = '/api/data/v9.2';
