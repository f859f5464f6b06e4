import { ApiStatsBase, clearCounts } from '../emulator-kit/stats';

/** A delete as the emulator saw it: which user asked to delete (or unlink) what. */
export type { DeleteRequest } from '../emulator-kit/stats';

/** The client name crm-sync's API user is recorded under (see credentials.ts). */
export { CRM_SYNC_CLIENT } from '../emulator-kit/stats';

/**
 * What the instance has seen through its API. `apiCalls` counts HTTP requests (a /bulk is one);
 * `byEndpoint` counts operations, so each request inside a /bulk counts under its own name too.
 */
export class ApiStats extends ApiStatsBase {
  /** Fields a write named that Sugar ignored (unknown, read-only or calculated), as `Module.field`. */
  readonly ignoredFields: Record<string, number> = {};

  countCall(client: string): void {
    this.countClientCall(client);
  }

  countIgnoredField(module: string, field: string): void {
    const key = `${module}.${field}`;
    this.ignoredFields[key] = (this.ignoredFields[key] ?? 0) + 1;
  }

  override reset(): void {
    super.reset();
    clearCounts(this.ignoredFields);
  }
}
