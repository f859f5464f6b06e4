import type { FaultController } from './faults';
import type { ApiStats } from './stats';
import type { SugarStore } from './store';
import type { TokenStore } from './tokens';

export interface EmulatorSettings {
  /** Records per page when the caller sends no max_num (FilterApi's default: 20). */
  defaultPageSize: number;
  /** The most records a page holds (`max_list_limit`); a larger or negative max_num is cut to it. */
  maxListLimit: number;
  /** Requests a /bulk call may carry. */
  maxBulkRequests: number;
}

/** Everything the routes share: one instance, its tokens, counters and fault switches. */
export interface EmulatorContext {
  store: SugarStore;
  faults: FaultController;
  stats: ApiStats;
  tokens: TokenStore;
  settings: EmulatorSettings;
}

/** `/rest/v10`, `/rest/v11`, `/rest/v11_20`: the versions the routes answer to. */
export const REST_PATH = /^\/rest\/(v1[01](?:_\d+)?)(?=\/|$)/;
