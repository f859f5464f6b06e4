import { appendDeleteToLedger } from './delete-ledger';

/** A delete as the emulator saw it: which user asked to delete (or unlink) what. */
export interface DeleteRequest {
  client: string;
  endpoint: string;
  path: string;
}

/** The client name crm-sync's API user is recorded under (see credentials.ts). */
export const CRM_SYNC_CLIENT = 'crm-sync';

/**
 * What the instance has seen through its API. `apiCalls` counts HTTP requests (a /bulk is one);
 * `byEndpoint` counts operations, so each request inside a /bulk counts under its own name too.
 */
export class ApiStats {
  apiCalls = 0;
  readonly byEndpoint: Record<string, number> = {};
  readonly callsByClient: Record<string, number> = {};
  readonly writesByRecordId = new Map<string, number>();
  deletes = 0;
  /** Delete requests per calling client; never reset, so a suite-wide check sees all. */
  readonly deleteRequestsByClient: Record<string, number> = {};
  /** Fields a write named that Sugar ignored (unknown, read-only or calculated), as `Module.field`. */
  readonly ignoredFields: Record<string, number> = {};

  /** @param deleteLedgerPath a file every crm-sync delete request is appended to (the test suite's never-delete ledger). */
  constructor(private readonly deleteLedgerPath?: string) {}

  countCall(client: string): void {
    this.apiCalls += 1;
    this.callsByClient[client] = (this.callsByClient[client] ?? 0) + 1;
  }

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

  countIgnoredField(module: string, field: string): void {
    const key = `${module}.${field}`;
    this.ignoredFields[key] = (this.ignoredFields[key] ?? 0) + 1;
  }

  writesOf(id: string): number {
    return this.writesByRecordId.get(id) ?? 0;
  }

  reset(): void {
    this.apiCalls = 0;
    this.deletes = 0;
    this.writesByRecordId.clear();
    for (const record of [this.byEndpoint, this.callsByClient, this.ignoredFields]) for (const key of Object.keys(record)) delete record[key];
  }
}
