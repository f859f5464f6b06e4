import { ApiStatsBase } from '../emulator-kit/stats';

/** A delete as the emulator saw it: which app registration asked to delete what. */
export type { DeleteRequest } from '../emulator-kit/stats';

/** The client name crm-sync's app registration is recorded under (see credentials.ts). */
export { CRM_SYNC_CLIENT } from '../emulator-kit/stats';

/**
 * What the org has seen through its API. `apiCalls` counts HTTP requests (a $batch is one);
 * `byEndpoint` counts operations, so each request inside a $batch counts under its own name too.
 */
export class ApiStats extends ApiStatsBase {
  /** Requests answered 429 by the concurrency limit (not by injected faults). */
  concurrencyRejections = 0;
  private transaction: string[] | undefined;

  /** @param deleteLedgerPath a file every crm-sync delete request is appended to (the test suite's never-delete ledger). */
  constructor(deleteLedgerPath?: string) {
    // Dataverse ids are GUIDs in any case; writes are counted under the lower-case id the store keeps.
    super(deleteLedgerPath, (id) => id.toLowerCase());
  }

  countCall(client: string): void {
    this.countClientCall(client);
  }

  override countWrite(id: string): void {
    super.countWrite(id);
    this.transaction?.push(id);
  }

  /** Writes inside a $batch change set count only if the change set commits. */
  beginTransaction(): void {
    this.transaction = [];
  }

  commitTransaction(): void {
    this.transaction = undefined;
  }

  rollbackTransaction(): void {
    for (const id of this.transaction ?? []) this.writesByRecordId.set(id, (this.writesByRecordId.get(id) ?? 1) - 1);
    this.transaction = undefined;
  }

  override reset(): void {
    super.reset();
    this.concurrencyRejections = 0;
  }
}
