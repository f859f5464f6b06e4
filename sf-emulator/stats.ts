import { appendDeleteToLedger } from './delete-ledger';

/** A delete request as the emulator saw it: which client (Sforce-Call-Options `client=`) asked for what. */
export interface DeleteRequest {
  client: string;
  endpoint: string;
  path: string;
}

/** What the org has seen through its API: tests assert on call counts, per-record writes and that nothing was deleted. */
export class ApiStats {
  apiCalls = 0;
  readonly byEndpoint: Record<string, number> = {};
  readonly writesByRecordId = new Map<string, number>();
  deletes = 0;
  /** Delete requests per calling client ('' when the caller named none); never reset, so a suite-wide check sees all. */
  readonly deleteRequestsByClient: Record<string, number> = {};

  /** @param deleteLedgerPath a file every crm-sync delete request is appended to (the test suite's never-delete ledger). */
  constructor(private readonly deleteLedgerPath?: string) {}

  /** Counted when asked, whether or not the CRM carries it out: asking is what crm-sync must never do. */
  countDeleteRequest(request: DeleteRequest): void {
    this.deleteRequestsByClient[request.client] = (this.deleteRequestsByClient[request.client] ?? 0) + 1;
    if (this.deleteLedgerPath && request.client === CRM_SYNC_CLIENT) appendDeleteToLedger(this.deleteLedgerPath, request);
  }

  deleteRequestsBy(client: string): number {
    return this.deleteRequestsByClient[client] ?? 0;
  }

  /** API calls per calling client ('' when the caller named none). */
  readonly callsByClient: Record<string, number> = {};

  countCall(endpoint: string, client = ''): void {
    this.callsByClient[client] = (this.callsByClient[client] ?? 0) + 1;
    this.apiCalls += 1;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
  }

  countWrite(id: string): void {
    this.writesByRecordId.set(id, (this.writesByRecordId.get(id) ?? 0) + 1);
  }

  countDelete(id: string): void {
    this.deletes += 1;
    this.countWrite(id);
  }

  writesOf(id: string): number {
    return this.writesByRecordId.get(id) ?? 0;
  }

  reset(): void {
    this.apiCalls = 0;
    for (const key of Object.keys(this.byEndpoint)) delete this.byEndpoint[key];
    this.writesByRecordId.clear();
    for (const key of Object.keys(this.callsByClient)) delete this.callsByClient[key];
    this.deletes = 0;
  }
}

/** The `client` crm-sync names in its `Sforce-Call-Options` header. */
export const CRM_SYNC_CLIENT = 'crm-sync';

/** `Sforce-Call-Options: client=crm-sync, defaultNamespace=x` → 'crm-sync'; '' when absent. */
export function callingClient(header: string | undefined): string {
  const match = /(?:^|,)\s*client=([^,]*)/.exec(header ?? '');
  return match ? match[1].trim() : '';
}

/** Requests that delete CRM records: REST and collections DELETE, and Bulk API 2.0 delete or hardDelete jobs. */
export function isRecordDelete(endpoint: string, body: unknown): boolean {
  if (endpoint === 'sobjects.delete' || endpoint === 'composite.sobjects.delete') return true;
  const operation = (body as { operation?: unknown } | undefined)?.operation;
  return endpoint === 'bulk2.ingest.create' && (operation === 'delete' || operation === 'hardDelete');
}

const RECORD_WRITES = new Set(['sobjects.create', 'sobjects.update', 'composite.sobjects.create', 'composite.sobjects.update', 'bulk2.ingest.upload', 'bulk2.ingest.state']);

/** Requests that write records, or upload or close a Bulk API ingest job (deletes excluded: crm-sync never sends them). */
export function writesRecords(endpoint: string): boolean {
  return RECORD_WRITES.has(endpoint);
}

/** `jobs/ingest|query[/:id[/resource]]` → create, list, info, state (close/abort), delete, upload, results, … */
function bulkAction(method: string, rest: string[]): string {
  if (!rest.length) return method === 'POST' ? 'create' : 'list';
  if (rest.length === 1) return method === 'PATCH' ? 'state' : method === 'DELETE' ? 'delete' : 'info';
  const resource: Record<string, string> = { batches: 'upload', unprocessedrecords: 'unprocessedRecords' };
  return resource[rest[1]] ?? rest[1];
}

/** Names the REST resource a path addresses, e.g. `query`, `sobjects.update`, `composite.sobjects.update`, `bulk2.ingest.upload`. */
export function endpointName(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const rest = parts.slice(3);
  const verb: Record<string, string> = { GET: 'retrieve', POST: 'create', PATCH: 'update', DELETE: 'delete' };
  if (parts[0] === 'id') return 'identity';
  if (parts.length <= 2) return 'versions';
  if (!rest.length) return 'resources';
  if (rest[0] === 'limits' && rest[1] === 'recordCount') return 'limits.recordCount';
  if (rest[0] === 'query' || rest[0] === 'queryAll') return rest.length > 1 ? 'queryMore' : rest[0];
  if (rest[0] === 'jobs' && (rest[1] === 'ingest' || rest[1] === 'query')) return `bulk2.${rest[1]}.${bulkAction(method, rest.slice(2))}`;
  if (rest[0] === 'composite' && rest[1] === 'sobjects') return `composite.sobjects.${method === 'POST' && rest.length > 2 ? 'retrieve' : verb[method] ?? method}`;
  if (rest[0] === 'sobjects') {
    if (rest.length === 1) return 'describeGlobal';
    if (rest[2] === 'describe' || rest[2] === 'updated' || rest[2] === 'deleted') return rest[2];
    if (rest.length === 2) return method === 'POST' ? 'sobjects.create' : 'sobjects.basicInfo';
    return `sobjects.${verb[method] ?? method}`;
  }
  return rest[0];
}
