/**
 * How the CRM Administration sync of a connection behaves: each setting's bounds and default, the
 * one table the stored model (connection.ts) and the input schema (connections/connection-input.ts)
 * are both built from. Durations, counts and the page size are whole numbers; percentages may have
 * decimals.
 */
export const SYNC_SETTINGS = {
  /** A full sync runs when the last one is older than this (domain rule: 14 days). */
  fullSyncIntervalDays: { min: 1, max: 365, default: 14, whole: true },
  /** Incremental syncs re-read this far behind the watermark, for clock skew and late commits. */
  overlapSeconds: { min: 0, max: 86_400, default: 300, whole: true },
  /** The Id-only drift check runs when the last one is older than this. */
  driftCheckIntervalHours: { min: 1, max: 720, default: 24, whole: true },
  /** Drift above this share of an object's records forces a full sync of that object. */
  driftThresholdPercent: { min: 0, max: 100, default: 1, whole: false },
  /** The sync pauses when less than this share of the daily API limit is left. */
  apiReservePercent: { min: 0, max: 90, default: 10, whole: false },
  /** How long a paused sync waits before it checks the API quota again. */
  apiLimitPauseSeconds: { min: 1, max: 86_400, default: 900, whole: true },
  pageSize: { min: 200, max: 2000, default: 2000, whole: true },
  /**
   * A full pull of an object with more records than this reads it through one Bulk API 2.0 query
   * job instead of REST pages: bulk's fixed cost (job run, polling) pays off only for large objects.
   */
  bulkQueryThreshold: { min: 0, max: 100_000_000, default: 50_000, whole: true },
  /** Formula/roll-up fields are re-read when their last refresh is older than this; 0 = only on request. */
  calculatedRefreshIntervalHours: { min: 0, max: 720, default: 0, whole: true },
} as const;

export type SyncSettingName = keyof typeof SYNC_SETTINGS;
export type SyncSettings = Record<SyncSettingName, number>;
export const SYNC_SETTING_NAMES = Object.keys(SYNC_SETTINGS) as SyncSettingName[];

/** The mongoose field definitions of the settings, from the table above. */
export const syncSettingsSchemaFields = Object.fromEntries(
  SYNC_SETTING_NAMES.map((name) => {
    const { min, max } = SYNC_SETTINGS[name];
    return [name, { type: Number, default: SYNC_SETTINGS[name].default, min, max }];
  }),
) as { [K in SyncSettingName]: { type: NumberConstructor; default: number; min: number; max: number } };
