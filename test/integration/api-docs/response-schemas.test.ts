import request from 'supertest';
import type { ZodTypeAny } from 'zod';
import { API_OPERATIONS, type ApiOperation } from '../../../api/openapi/api-operations';
import { errorJson, validationProblemsJson } from '../../../api/presenters/common-json';
import { DEMO_CREDENTIALS } from '../../../sf-emulator';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 6, contacts: 12, accounts: 4, users: 2, opportunities: 4, campaigns: 1 };
const UNKNOWN_ID = '64b0000000000000000000aa';
/** A webhook whose path is its credential, as chat webhooks are: never to be shown back. */
const WEBHOOK_WITH_TOKEN = 'http://127.0.0.1:9/hooks/T0KEN-in-the-path';
const EMAIL_NOT_EMPTY = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };
const SCORE_42 = { kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: '42' }, when: EMAIL_NOT_EMPTY };

/** The schema the OpenAPI document gives the operation's success answer: the one the document is built from. */
function documentedResponse(method: ApiOperation['method'], path: string): ZodTypeAny {
  const op = API_OPERATIONS.find((o) => o.method === method && o.path === path);
  if (!op?.response) throw new Error(`${method.toUpperCase()} ${path} has no documented response schema`);
  return op.response;
}

/** Every way the body differs from the schema, by field path: an empty list when it matches. */
function problemsOf(schema: ZodTypeAny, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

/**
 * Real answers of the real app (worker, emulated org, database) checked against the schemas the
 * OpenAPI document publishes. The schemas are strict objects, so a presenter that adds, drops or
 * renames a field fails here by the field's name.
 */
describe('JSON API answers match their documented schemas', () => {
  let f: ListFixture;
  const answers: Record<string, { op: [ApiOperation['method'], string]; body: unknown }> = {};

  /** Calls the API, expects the status, and keeps the body for the schema checks. */
  async function answer(name: string, method: ApiOperation['method'], path: string, call: Promise<request.Response>, status: number) {
    const res = await call;
    expect({ name, status: res.status }).toEqual({ name, status });
    answers[name] = { op: [method, path], body: res.body };
    return res.body as Record<string, unknown>;
  }

  beforeAll(async () => {
    f = await startListFixture('response_schemas', { org: ORG, seed: 26 });
    const connection = `/api/v1/connections/${f.connectionId}`;
    await answer('connections', 'get', '/api/v1/connections', f.admin.get('/api/v1/connections'), 200);
    await answer('connection', 'get', '/api/v1/connections/:id', f.admin.get(connection), 200);
    await answer('connection schedule', 'get', '/api/v1/connections/:id/schedule', f.admin.get(`${connection}/schedule`), 200);
    await answer('connection test', 'post', '/api/v1/connections/:id/test', f.admin.post(`${connection}/test`), 200);

    const created = await answer('created list', 'post', '/api/v1/lists', f.marketer.post('/api/v1/lists', { connectionId: f.connectionId, name: 'All contacts', source: { kind: 'all_contacts' } }), 201);
    const listId = String(created.id);
    const importRun = await f.waitForRun(String(created.runId));
    expect(importRun.status).toBe('succeeded');
    await answer('lists', 'get', '/api/v1/lists', f.marketer.get('/api/v1/lists'), 200);
    await answer('list', 'get', '/api/v1/lists/:id', f.marketer.get(`/api/v1/lists/${listId}`), 200);
    await answer('list members', 'get', '/api/v1/lists/:id/members', f.marketer.get(`/api/v1/lists/${listId}/members?perPage=5`), 200);

    const segment = await answer('created segment', 'post', '/api/v1/segments', f.marketer.post('/api/v1/segments', { listId, name: 'Has email', query: EMAIL_NOT_EMPTY }), 201);
    const segmentId = String(segment.id);
    const refresh = await answer('segment refresh', 'post', '/api/v1/segments/:id/refreshes', f.marketer.post(`/api/v1/segments/${segmentId}/refreshes`), 202);
    expect((await f.waitForRun(String(refresh.runId))).status).toBe('succeeded');
    await answer('segments', 'get', '/api/v1/segments', f.marketer.get(`/api/v1/segments?listId=${listId}`), 200);
    await answer('segment', 'get', '/api/v1/segments/:id', f.marketer.get(`/api/v1/segments/${segmentId}`), 200);
    await answer('segment members', 'get', '/api/v1/segments/:id/members', f.marketer.get(`/api/v1/segments/${segmentId}/members?perPage=5`), 200);
    await answer('segment preview', 'post', '/api/v1/segments/preview', f.marketer.post('/api/v1/segments/preview', { listId, segmentId, query: EMAIL_NOT_EMPTY }), 200);
    await answer('audience', 'post', '/api/v1/audiences/preview', f.marketer.post('/api/v1/audiences/preview', { lists: [listId], segments: [segmentId], key: 'email' }), 200);

    const program = await answer('created program', 'post', '/api/v1/programs', f.marketer.post('/api/v1/programs', { listId, name: 'Score 42', steps: [SCORE_42] }), 201);
    const programRun = await answer('program run', 'post', '/api/v1/programs/:id/runs', f.marketer.post(`/api/v1/programs/${String(program.id)}/runs`), 202);
    expect((await f.waitForRun(String(programRun.runId))).status).toBe('succeeded');
    await answer('programs', 'get', '/api/v1/programs', f.marketer.get('/api/v1/programs'), 200);
    await answer('program', 'get', '/api/v1/programs/:id', f.marketer.get(`/api/v1/programs/${String(program.id)}`), 200);

    await answer('runs', 'get', '/api/v1/runs', f.ops.get('/api/v1/runs'), 200);
    await answer('audit', 'get', '/api/v1/audit', f.admin.get('/api/v1/audit?perPage=50'), 200);
    await answer('run', 'get', '/api/v1/runs/:runId', f.ops.get(`/api/v1/runs/${importRun.id}`), 200);
    for (const [name, part] of [['membership changes', 'membership-changes'], ['push errors', 'push-errors'], ['conflicts', 'conflicts']] as const) {
      await answer(name, 'get', `/api/v1/runs/:runId/${part}`, f.ops.get(`/api/v1/runs/${importRun.id}/${part}`), 200);
    }
    await answer('tokens', 'get', '/api/v1/tokens', f.admin.get('/api/v1/tokens'), 200);
    await answer('users', 'get', '/api/v1/users', f.admin.get('/api/v1/users'), 200);
    const saved = await answer('saved scoring rules', 'put', '/api/v1/scoring-rules', f.admin.put('/api/v1/scoring-rules', { rules: { email_open: { points: 2 } } }), 200);
    expect((await f.waitForRun(String((saved.recompute as { runId: string }).runId))).status).toBe('succeeded');
    await answer('scoring rules', 'get', '/api/v1/scoring-rules', f.marketer.get('/api/v1/scoring-rules'), 200);
    await answer('alert settings', 'put', '/api/v1/settings/alerts', f.admin.put('/api/v1/settings/alerts', { webhookUrl: WEBHOOK_WITH_TOKEN, staleAfterMinutes: 90 }), 200);
    await answer('alerts', 'get', '/api/v1/alerts', f.ops.get('/api/v1/alerts?state=all'), 200);
    // An event without a type: the batch is answered with the rejection, not refused.
    await answer('events', 'post', '/api/v1/events', f.marketer.post('/api/v1/events', [{ email: 'nobody@example.com' }]), 200);
  });
  afterAll(() => f?.close());

  it('every sampled answer has its documented shape, field by field', () => {
    expect(Object.keys(answers)).toHaveLength(32);
    const mismatches = Object.entries(answers)
      .map(([name, { op, body }]) => ({ name, problems: problemsOf(documentedResponse(...op), body) }))
      .filter((m) => m.problems.length > 0);
    expect(mismatches).toEqual([]);
  });

  it('the samples hold data, so the checks above read real fields and not empty lists', () => {
    const sizes = (name: string, key: string) => ((answers[name].body as Record<string, unknown[]>)[key] ?? []).length;
    expect(sizes('connections', 'connections')).toBe(1);
    expect(sizes('lists', 'lists')).toBe(1);
    expect(sizes('list members', 'members')).toBeGreaterThan(0);
    expect(sizes('segment members', 'members')).toBeGreaterThan(0);
    expect(sizes('runs', 'runs')).toBeGreaterThanOrEqual(3);
    expect(sizes('membership changes', 'changes')).toBeGreaterThan(0);
    expect(sizes('tokens', 'tokens')).toBe(3);
    expect(sizes('audit', 'entries')).toBeGreaterThan(5);
    expect(sizes('events', 'rejected')).toBe(1);
    expect(answers['connection test'].body).toMatchObject({ ok: true });
    expect(answers['scoring rules'].body).toMatchObject({ lastRecompute: { kind: 'score-recompute', status: 'succeeded' } });
    expect((answers.program.body as { lastRuns: { steps: unknown[] }[] }).lastRuns).toEqual([expect.objectContaining({ steps: [expect.objectContaining({ kind: 'change_field' })] })]);
    expect(answers.audience.body).toMatchObject({ sources: [{ kind: 'list' }, { kind: 'segment' }] });
    expect((answers.connection.body as { objects: unknown[] }).objects.length).toBeGreaterThan(0);
  });

  it('a field the schema does not know, or one it misses, is a mismatch naming the field', () => {
    const run = answers.run.body as Record<string, unknown>;
    const schema = documentedResponse('get', '/api/v1/runs/:runId');
    expect(problemsOf(schema, { ...run, checkpoints: {} })).toEqual([expect.stringContaining('checkpoints')]);
    const { status: _dropped, ...withoutStatus } = run;
    expect(problemsOf(schema, withoutStatus)).toEqual(['status: Required']);
    const connection = answers.connection.body as { auth: Record<string, unknown> };
    expect(problemsOf(documentedResponse('get', '/api/v1/connections/:id'), { ...connection, auth: { ...connection.auth, password: 'x' } })).toEqual([expect.stringContaining('auth')]);
  });

  it('no connection answer carries a secret', () => {
    const text = JSON.stringify([answers.connections.body, answers.connection.body, answers['connection test'].body]);
    for (const secret of [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.securityToken]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(password|securityToken|clientSecret|sealedSecrets)":/);
  });

  it('the alert settings answer names the webhook host, never its URL', () => {
    expect(answers['alert settings'].body).toEqual({ webhookConfigured: true, webhookHost: 'http://127.0.0.1:9', staleAfterMinutes: 90 });
    expect(JSON.stringify(answers['alert settings'].body)).not.toContain('T0KEN');
  });

  it('refusals have the error shape: 400 lists each wrong field, then 401, 403 and 404', async () => {
    const invalid = await f.ops.get('/api/v1/runs?perPage=0&sort=nonsense');
    expect(invalid.status).toBe(400);
    expect(problemsOf(errorJson, invalid.body)).toEqual([]);
    expect(problemsOf(validationProblemsJson, invalid.body.error.details)).toEqual([]);
    expect((invalid.body.error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['query.perPage', 'query.sort']);

    const unknownToken = await request(f.app.app).get('/api/v1/runs').set('accept', 'application/json').set('authorization', 'Bearer not-a-token');
    expect(unknownToken.status).toBe(401);
    expect(problemsOf(errorJson, unknownToken.body)).toEqual([]);

    // A marketer may not create connections: refused before the body is read.
    const forbidden = await f.marketer.post('/api/v1/connections', {}).set('accept', 'application/json');
    expect(forbidden.status).toBe(403);
    expect(problemsOf(errorJson, forbidden.body)).toEqual([]);

    const missing = await f.ops.get(`/api/v1/runs/${UNKNOWN_ID}`);
    expect(missing.status).toBe(404);
    expect(problemsOf(errorJson, missing.body)).toEqual([]);
  });
});
