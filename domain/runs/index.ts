/**
 * The runs module: the only code that creates or updates run documents. A run is prepared
 * (`queued`) before its workflow starts, marked running/paused/succeeded/failed/cancelled by its
 * workflow's activities, and fills in its kind's counts, checkpoints and progress as it goes.
 */
export * from './run-shapes';
export * from './run-status';
export * from './create-run';
export * from './lifecycle';
export * from './progress';
export * from './admin-sync-record';
export * from './list-run-record';
export * from './kind-records';
export * from './run-read';
export * from './follow-up';
export * from './run-retention';
