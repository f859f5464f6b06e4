import { appendDeleteToLedger } from './delete-ledger';

/** A delete request as the emulator saw it: which client asked to delete what. */
export interface DeleteRequest {
  client: string;
  endpoint: string;
  path: string;
}

/** The client name crm-sync's calls are recorded under, in every emulator. */
export const CRM_SYNC_CLIENT = 'crm-sync';

/**
 * What an org has seen through its API, as every emulator counts it: calls per client, operations
 * per endpoint, writes per record and delete requests (tests assert that crm-sync sends none).
 */
export class ApiStatsBase {
  apiCalls = 0;
  readonly byEndpoint: Record<string, number> = {};
  /** API calls per calling client ('' when the caller named none). */
  readonly callsByClient: Record<string, number> = {};
  readonly writesByRecordId = new Map<string, number>();
  deletes = 0;
  /** Delete requests per calling client; never reset, so a suite-wide check sees all. */
  readonly deleteRequestsByClient: Record<string, number> = {};

  /**
   * @param deleteLedgerPath a file every crm-sync delete request is appended to (the test suite's never-delete ledger).
   * @param recordKey how `writesOf` keys an id a test names (Dataverse GUIDs in any case, say).
   */
  constructor(
    private readonly deleteLedgerPath?: string,
    private readonly recordKey: (id: string) => string = (id) => id,
  ) {}

  countOperation(endpoint: string): void {
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
  }

  /** Counted when asked, whether or not the record existed: asking is what crm-sync must never do. */
  countDeleteRequest(request: DeleteRequest): void {
    this.deleteRequestsByClient[request.client] = (this.deleteRequestsByClient[request.client] ?? 0) + 1;
    if (this.deleteLedgerPath && request.client === CRM_SYNC_CLIENT) appendDeleteToLedger(this.deleteLedgerPath, request);
  }

  deleteRequestsBy(client: string): number {
    return this.deleteRequestsByClient[client] ?? 0;
  }

  countWrite(id: string): void {
    this.writesByRecordId.set(id, (this.writesByRecordId.get(id) ?? 0) + 1);
  }

  countDelete(id: string): void {
    this.deletes += 1;
    this.countWrite(id);
  }

  writesOf(id: string): number {
    return this.writesByRecordId.get(this.recordKey(id)) ?? 0;
  }

  reset(): void {
    this.apiCalls = 0;
    this.deletes = 0;
    this.writesByRecordId.clear();
    clearCounts(this.byEndpoint, this.callsByClient);
  }

  protected countClientCall(client: string): void {
    this.apiCalls += 1;
    this.callsByClient[client] = (this.callsByClient[client] ?? 0) + 1;
  }
}

export function clearCounts(...counts: Array<Record<string, number>>): void {
  for (const record of counts) for (const key of Object.keys(record)) delete record[key];
}
