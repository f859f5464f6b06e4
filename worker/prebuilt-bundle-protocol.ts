/**
 * What a worker process started on a prebuilt workflow bundle (run-prebuilt-bundle-worker.ts) and
 * whoever spawns it (the tests' and the benchmark's dev-services/worker-process.ts) agree on. It
 * lives with the worker, so production code never imports the test tooling.
 */

/** Where the spawned process reads the path of its prebuilt workflow bundle. */
export const WORKFLOW_BUNDLE_ENV = 'CRM_SYNC_WORKFLOW_BUNDLE';
/** Printed by the spawned process, followed by its task queue, once the worker polls. */
export const WORKER_READY_LINE = 'crm-sync worker polling task queue';
