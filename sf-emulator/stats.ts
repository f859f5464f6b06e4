import { ApiStatsBase, CRM_SYNC_CLIENT } from '../emulator-kit/stats';

/** A delete request as the emulator saw it: which client (Sforce-Call-Options `client=`) asked for what. */
export type { DeleteRequest } from '../emulator-kit/stats';

/** What the org has seen through its API: tests assert on call counts, per-record writes and that nothing was deleted. */
export class ApiStats extends ApiStatsBase {
  /** `client` is the one Sforce-Call-Options names ('' when the caller named none). */
  countCall(endpoint: string, client = ''): void {
    this.countClientCall(client);
    this.countOperation(endpoint);
  }
}

/** The `client` crm-sync names in its `Sforce-Call-Options` header. */
export { CRM_SYNC_CLIENT };

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
