/** What the org has seen through its API: tests assert on call counts, per-record writes and that nothing was deleted. */
export class ApiStats {
  apiCalls = 0;
  readonly byEndpoint: Record<string, number> = {};
  readonly writesByRecordId = new Map<string, number>();
  deletes = 0;

  countCall(endpoint: string): void {
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
    this.deletes = 0;
  }
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
