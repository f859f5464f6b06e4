import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_OPERATIONS, type ApiOperation } from './api-operations';

// The generator reads schemas through the `.openapi()` method this adds to zod's prototype; every
// schema, the routes' included, has it from here on. Idempotent.
extendZodWithOpenApi(z);

/** What every error answer looks like (api/error-handler.ts). */
const errorBody = z.object({
  error: z.object({ status: z.number().int(), message: z.string(), details: z.unknown().optional() }),
});

/** `/api/v1/runs/:runId` → `/api/v1/runs/{runId}`, and the names of its parameters. */
export function openApiPath(expressPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = expressPath.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function register(registry: OpenAPIRegistry, op: ApiOperation): void {
  const { path, params } = openApiPath(op.path);
  registry.registerPath({
    method: op.method,
    path,
    tags: [op.tag],
    summary: op.summary,
    security: [{ bearer: [] }, { session: [] }],
    request: {
      ...(params.length > 0 ? { params: z.object(Object.fromEntries(params.map((name) => [name, z.string()]))) } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.body ? { body: { required: op.method !== 'post' || !(op.body instanceof z.ZodObject && Object.keys(op.body.shape).length === 0), content: { 'application/json': { schema: op.body } } } } : {}),
    },
    responses: {
      [String(op.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: z.unknown() } } },
      default: { description: 'An error: 400 names the invalid fields, 401/403 sign-in and role, 404, 409, 429, 503', content: { 'application/json': { schema: errorBody } } },
    },
  });
}

/** The OpenAPI 3.1 document of the JSON API, from the zod schemas its routes validate with. */
export function buildOpenApiDocument(version: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (Settings → API tokens)' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'crm_sync_sid', description: 'A signed-in browser session' });
  for (const op of API_OPERATIONS) register(registry, op);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'crm-sync JSON API', version, description: 'Request schemas are generated from the zod schemas the routes validate with; responses are described as JSON only.' },
    servers: [{ url: '/' }],
  });
}
