import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';
import { errorJson } from '../presenters/common-json';
import { API_OPERATIONS, type ApiOperation } from './api-operations';
import { errorResponses, successResponse } from './responses';

// The generator reads schemas through the `.openapi()` method this adds to zod's prototype; every
// schema, the routes' included, has it from here on. Idempotent.
extendZodWithOpenApi(z);

/** `/api/v1/runs/:runId` → `/api/v1/runs/{runId}`, and the names of its parameters. */
export function openApiPath(expressPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = expressPath.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function register(registry: OpenAPIRegistry, op: ApiOperation, errorBody: ZodTypeAny): void {
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
      ...successResponse(op),
      ...errorResponses(op, params.length > 0, errorBody),
    },
  });
}

/** The OpenAPI 3.1 document of the JSON API, from the zod schemas its routes validate with. */
export function buildOpenApiDocument(version: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (Settings → API tokens)' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'crm_sync_sid', description: 'A signed-in browser session' });
  // One named component for the error body every operation refers to.
  const errorBody = registry.register('Error', errorJson);
  for (const op of API_OPERATIONS) register(registry, op, errorBody);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'crm-sync JSON API', version, description: 'Generated from the zod schemas the routes validate requests with and the presenters shape answers with. Every error answer has the Error shape.' },
    servers: [{ url: '/' }],
  });
}
