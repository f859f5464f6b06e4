import type { buildOpenApiDocument } from './openapi-document';

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

export interface DocsOperation {
  method: string;
  path: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: string }[];
  /** The request body's JSON schema, pretty-printed; absent when the operation takes none. */
  body?: string;
  /** The success status, and its body's JSON schema pretty-printed where one is written. */
  answer: { status: string; schema?: string };
  /** The refusals documented, by status (`default` for the rest). */
  refusals: string[];
}

type ResponsesLike = Record<string, { content?: Record<string, { schema?: unknown }> }>;

/** `z.unknown()` documents as `{}`: an answer whose schema is not written yet, so nothing worth showing. */
function answerOf(responses: ResponsesLike): DocsOperation['answer'] {
  const status = Object.keys(responses).find((code) => code.startsWith('2')) ?? '200';
  const schema = responses[status]?.content?.['application/json']?.schema;
  return schema && Object.keys(schema).length > 0 ? { status, schema: JSON.stringify(schema, null, 2) } : { status };
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
      const responses = (op.responses ?? {}) as ResponsesLike;
      const entry: DocsOperation = {
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        parameters,
        ...(body ? { body: JSON.stringify(body, null, 2) } : {}),
        answer: answerOf(responses),
        refusals: Object.keys(responses).filter((code) => !code.startsWith('2')),
      };
      groups.set(tag, [...(groups.get(tag) ?? []), entry]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
}
