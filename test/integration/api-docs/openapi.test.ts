import { API_OPERATIONS } from '../../../api/openapi/api-operations';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { listRoutes } from '../security/route-inventory';

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  let t: AppUnderTest;
  let document: OpenApiDocument;
  let agent: Awaited<ReturnType<typeof signIn>>['agent'];

  beforeAll(async () => {
    t = await buildTestApp('openapi');
    ({ agent } = await signIn(t.app, await createUser(t.models, 'marketer')));
    const res = await agent.get('/api/v1/openapi.json').set('accept', 'application/json').expect(200);
    document = res.body as OpenApiDocument;
  });
  afterAll(() => t?.close());

  it('is OpenAPI 3.1, served to any signed-in user', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every registered /api/v1 route, and no route the app does not have', () => {
    const registered = listRoutes(t.app)
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
    expect(registered.length).toBeGreaterThan(50);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    // A route added without a line in api/openapi/api-operations.ts fails here, by name.
    expect({ missingFromDocument: registered.filter((r) => !documented.includes(r)) }).toEqual({ missingFromDocument: [] });
    expect({ notInApp: documented.filter((d) => !registered.includes(d)) }).toEqual({ notInApp: [] });
  });

  it("names each operation's path parameters, and gives the body schema of every route that validates one", () => {
    for (const op of API_OPERATIONS) {
      const operation = document.paths[toOpenApiPath(op.path)][op.method];
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect({ op: `${op.method} ${op.path}`, pathParams }).toEqual({ op: `${op.method} ${op.path}`, pathParams: [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]) });
      expect({ op: `${op.method} ${op.path}`, hasBody: operation.requestBody !== undefined }).toEqual({ op: `${op.method} ${op.path}`, hasBody: op.body !== undefined });
    }
    // Spot checks: the schemas are the routes' own.
    const createConnection = JSON.stringify(document.paths['/api/v1/connections'].post.requestBody);
    expect(createConnection).toContain('"loginUrl"');
    expect(createConnection).toContain('"clientSecret"');
    const runs = document.paths['/api/v1/runs'].get.parameters?.map((p) => p.name);
    expect(runs).toEqual(expect.arrayContaining(['page', 'perPage', 'sort', 'dir', 'after', 'status', 'kind']));
  });

  it('documents each answer: the schema where one is written, no body for a 204, and the refusals with the Error shape', () => {
    const error = { $ref: '#/components/schemas/Error' };
    for (const op of API_OPERATIONS) {
      const { responses } = document.paths[toOpenApiPath(op.path)][op.method];
      const name = `${op.method} ${op.path}`;
      const status = String(op.status ?? 200);
      expect({ name, success: responses[status]?.content !== undefined }).toEqual({ name, success: status !== '204' });
      for (const refusal of ['401', '403', 'default']) expect({ name, refusal, schema: responses[refusal]?.content?.['application/json'].schema }).toEqual({ name, refusal, schema: error });
      if (op.path.includes('/:')) expect({ name, notFound: responses['404']?.content?.['application/json'].schema }).toEqual({ name, notFound: error });
    }
    const withSchema = API_OPERATIONS.filter((op) => op.response !== undefined).map((op) => `${op.method} ${op.path}`);
    expect(withSchema).toEqual(expect.arrayContaining(['get /api/v1/runs', 'get /api/v1/runs/:runId', 'get /api/v1/lists', 'get /api/v1/lists/:id/members', 'get /api/v1/segments/:id/members', 'post /api/v1/segments/preview', 'get /api/v1/connections/:id']));
  });

  it('no connection answer has a place for a secret', () => {
    const answers = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/connections'))
      .flatMap(([, operations]) => Object.values(operations).map((operation) => JSON.stringify(operation.responses)));
    expect(answers.join('\n')).not.toMatch(/"(password|securityToken|clientSecret|sealedSecrets|secret)":/i);
  });

  it('is rendered at /api/docs: every operation with its parameters and body schema, escaped', async () => {
    const page = await agent.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const op of API_OPERATIONS) expect(page.text).toContain(`${op.method.toUpperCase()} ${toOpenApiPath(op.path)}`);
    // Schemas are shown as escaped JSON text, never as markup.
    expect(page.text).toContain('&#34;loginUrl&#34;');
    // Answers too: a connection's documented answer, and the refusals.
    expect(page.text).toContain('&#34;secretsStored&#34;');
    expect(page.text).toContain('Refusals (error body): 400, 401, 403, 404, default');
  });
});
