import type { buildOpenApiDocument } from './openapi-document';

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

export interface DocsOperation {
  method: string;
  path: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: string }[];
  /** The request body's JSON schema, pretty-printed; absent when the operation takes none. */
  body?: string;
}

interface ParameterLike {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;

/** The document as the /api/docs page shows it: operations grouped by tag, in the document's order. */
export function docsPageGroups(document: OpenApiDocument): { tag: string; operations: DocsOperation[] }[] {
  const groups = new Map<string, DocsOperation[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const body = op.requestBody && 'content' in op.requestBody ? op.requestBody.content['application/json']?.schema : undefined;
      const tag = op.tags?.[0] ?? 'other';
      const parameters = ((op.parameters ?? []) as ParameterLike[]).map((p) => ({ name: p.name, in: p.in, required: p.required === true, schema: JSON.stringify(p.schema ?? {}) }));
      const entry: DocsOperation = { method: method.toUpperCase(), path, summary: op.summary ?? '', parameters, ...(body ? { body: JSON.stringify(body, null, 2) } : {}) };
      groups.set(tag, [...(groups.get(tag) ?? []), entry]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
}
