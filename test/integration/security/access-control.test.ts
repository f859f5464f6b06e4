import request from 'supertest';
import { can, PERMISSIONS, type Permission, type Role } from '../../../domain/auth/roles';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { concrete, listRoutes } from './route-inventory';

const PUBLIC = new Set(['GET /favicon.ico', 'GET /login', 'POST /login', 'GET /setup', 'POST /setup', 'POST /logout', 'GET /healthz', 'GET /readyz']);

/** The permission each guarded route requires: the contract the role tests below hold the app to. */
const GUARDED: { method: string; path: string; permission: Permission }[] = [
  { method: 'POST', path: '/api/v1/connections', permission: 'connections:manage' },
  { method: 'PUT', path: '/api/v1/connections/:id', permission: 'connections:manage' },
  { method: 'DELETE', path: '/api/v1/connections/:id', permission: 'connections:manage' },
  { method: 'POST', path: '/api/v1/connections/:id/test', permission: 'connections:manage' },
  { method: 'GET', path: '/api/v1/connections', permission: 'connections:view' },
  { method: 'GET', path: '/connections', permission: 'connections:view' },
  { method: 'GET', path: '/connections/new', permission: 'connections:manage' },
  { method: 'POST', path: '/api/v1/connections/:id/syncs', permission: 'runs:operate' },
  { method: 'POST', path: '/connections/:id/syncs', permission: 'runs:operate' },
  { method: 'GET', path: '/api/v1/connections/:id/mapping', permission: 'connections:view' },
  { method: 'PUT', path: '/api/v1/connections/:id/mapping', permission: 'mappings:manage' },
  { method: 'GET', path: '/connections/:id/mapping', permission: 'connections:view' },
  { method: 'POST', path: '/connections/:id/mapping', permission: 'mappings:manage' },
  { method: 'GET', path: '/api/v1/runs', permission: 'runs:view' },
  { method: 'GET', path: '/api/v1/alerts', permission: 'runs:view' },
  { method: 'GET', path: '/alerts', permission: 'runs:view' },
  { method: 'PUT', path: '/api/v1/settings/alerts', permission: 'connections:manage' },
  { method: 'POST', path: '/settings/alerts', permission: 'connections:manage' },
  { method: 'POST', path: '/api/v1/connections/:id/pipeline-runs', permission: 'runs:operate' },
  { method: 'POST', path: '/connections/:id/pipeline-runs', permission: 'runs:operate' },
  { method: 'PUT', path: '/api/v1/connections/:id/schedule', permission: 'schedules:manage' },
  { method: 'POST', path: '/connections/:id/schedule', permission: 'schedules:manage' },
  { method: 'POST', path: '/api/v1/connections/:id/schedule/run-now', permission: 'runs:operate' },
  { method: 'GET', path: '/runs', permission: 'runs:view' },
  { method: 'GET', path: '/api/v1/users', permission: 'users:manage' },
  { method: 'POST', path: '/api/v1/users', permission: 'users:manage' },
  { method: 'GET', path: '/settings/users', permission: 'users:manage' },
  { method: 'GET', path: '/api/v1/tokens', permission: 'tokens:manage' },
  { method: 'POST', path: '/api/v1/tokens', permission: 'tokens:manage' },
  { method: 'GET', path: '/settings/tokens', permission: 'tokens:manage' },
  { method: 'GET', path: '/settings/audit', permission: 'audit:view' },
  { method: 'GET', path: '/lists', permission: 'lists:view' },
  { method: 'GET', path: '/lists/new', permission: 'lists:manage' },
  { method: 'GET', path: '/lists/:id', permission: 'lists:view' },
  { method: 'GET', path: '/api/v1/lists/:id', permission: 'lists:view' },
  { method: 'GET', path: '/api/v1/lists', permission: 'lists:view' },
  { method: 'POST', path: '/api/v1/lists', permission: 'lists:manage' },
  { method: 'PUT', path: '/api/v1/lists/:id/sync-settings', permission: 'lists:manage' },
  { method: 'POST', path: '/api/v1/lists/:id/syncs', permission: 'lists:manage' },
  { method: 'GET', path: '/api/v1/lists/:id/members', permission: 'lists:view' },
  { method: 'DELETE', path: '/api/v1/lists/:id', permission: 'lists:manage' },
  { method: 'GET', path: '/lists/:id/members.csv', permission: 'exports:run' },
  { method: 'POST', path: '/api/v1/audiences/preview', permission: 'lists:manage' },
  { method: 'PUT', path: '/api/v1/lists/:id/schedule', permission: 'schedules:manage' },
  { method: 'POST', path: '/lists/:id/schedule', permission: 'schedules:manage' },
  { method: 'POST', path: '/api/v1/runs/:runId/retry-failed-records', permission: 'runs:operate' },
  { method: 'POST', path: '/runs/:runId/retry-failed-records', permission: 'runs:operate' },
  { method: 'POST', path: '/api/v1/runs/:runId/cancel', permission: 'runs:operate' },
  { method: 'POST', path: '/api/v1/runs/:runId/retry', permission: 'runs:operate' },
  { method: 'POST', path: '/runs/:runId/cancel', permission: 'runs:operate' },
  { method: 'POST', path: '/runs/:runId/retry', permission: 'runs:operate' },
  { method: 'GET', path: '/programs', permission: 'programs:view' },
  { method: 'GET', path: '/programs/new', permission: 'programs:manage' },
  { method: 'POST', path: '/programs', permission: 'programs:manage' },
  { method: 'GET', path: '/programs/:id', permission: 'programs:view' },
  { method: 'POST', path: '/programs/:id', permission: 'programs:manage' },
  { method: 'POST', path: '/programs/:id/runs', permission: 'programs:manage' },
  { method: 'POST', path: '/programs/:id/delete', permission: 'programs:manage' },
  { method: 'GET', path: '/api/v1/programs', permission: 'programs:view' },
  { method: 'POST', path: '/api/v1/programs', permission: 'programs:manage' },
  { method: 'GET', path: '/api/v1/programs/:id', permission: 'programs:view' },
  { method: 'PUT', path: '/api/v1/programs/:id', permission: 'programs:manage' },
  { method: 'POST', path: '/api/v1/programs/:id/runs', permission: 'programs:manage' },
  { method: 'DELETE', path: '/api/v1/programs/:id', permission: 'programs:manage' },
  { method: 'GET', path: '/segments', permission: 'segments:view' },
  { method: 'GET', path: '/segments/new', permission: 'segments:manage' },
  { method: 'POST', path: '/segments', permission: 'segments:manage' },
  { method: 'GET', path: '/segments/:id', permission: 'segments:view' },
  { method: 'GET', path: '/segments/:id/edit', permission: 'segments:manage' },
  { method: 'POST', path: '/segments/:id', permission: 'segments:manage' },
  { method: 'POST', path: '/segments/:id/refreshes', permission: 'segments:manage' },
  { method: 'POST', path: '/segments/:id/delete', permission: 'segments:manage' },
  { method: 'GET', path: '/segments/:id/members.csv', permission: 'exports:run' },
  { method: 'GET', path: '/api/v1/segments', permission: 'segments:view' },
  { method: 'POST', path: '/api/v1/segments', permission: 'segments:manage' },
  { method: 'POST', path: '/api/v1/segments/preview', permission: 'segments:manage' },
  { method: 'GET', path: '/api/v1/segments/:id', permission: 'segments:view' },
  { method: 'PUT', path: '/api/v1/segments/:id', permission: 'segments:manage' },
  { method: 'DELETE', path: '/api/v1/segments/:id', permission: 'segments:manage' },
  { method: 'POST', path: '/api/v1/segments/:id/refreshes', permission: 'segments:manage' },
  { method: 'GET', path: '/api/v1/segments/:id/members', permission: 'segments:view' },
  { method: 'GET', path: '/api/v1/segments/:id/explain', permission: 'segments:view' },
  { method: 'POST', path: '/api/v1/events', permission: 'lists:manage' },
  { method: 'GET', path: '/api/v1/scoring-rules', permission: 'programs:view' },
  { method: 'PUT', path: '/api/v1/scoring-rules', permission: 'programs:manage' },
  { method: 'GET', path: '/scoring', permission: 'programs:view' },
  { method: 'POST', path: '/scoring', permission: 'programs:manage' },
];

describe('access control', () => {
  let t: AppUnderTest;
  const agents: Partial<Record<Role, Awaited<ReturnType<typeof signIn>>>> = {};

  beforeAll(async () => {
    t = await buildTestApp('access');
    for (const role of ['admin', 'ops', 'marketer'] as const) agents[role] = await signIn(t.app, await createUser(t.models, role));
  });
  afterAll(() => t?.close());

  it('refuses every non-public route to an anonymous request with 401, or a redirect to sign-in for pages', async () => {
    const routes = listRoutes(t.app).filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const url = concrete(route.path);
      const res = await request(t.app)[route.method.toLowerCase() as 'get'](url).set('accept', route.path.startsWith('/api/') ? 'application/json' : 'text/html');
      if (route.method === 'GET' && !route.path.startsWith('/api/')) {
        expect({ route: `${route.method} ${route.path}`, status: res.status, location: res.headers.location }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 302,
          location: `/login?next=${encodeURIComponent(url)}`,
        });
      } else {
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      }
    }
  });

  it('every guarded route in the table exists in the app', () => {
    const known = new Set(listRoutes(t.app).map((r) => `${r.method} ${r.path}`));
    for (const g of GUARDED) expect(known).toContain(`${g.method} ${g.path}`);
  });

  it.each(['admin', 'ops', 'marketer'] as const)('a %s is refused (403) exactly the routes its role does not allow', async (role) => {
    const { agent, csrf } = agents[role]!;
    for (const g of GUARDED) {
      const res = await agent[g.method.toLowerCase() as 'get'](concrete(g.path)).set('x-csrf-token', csrf).set('accept', 'application/json').send({});
      const label = `${role} ${g.method} ${g.path}`;
      if (can(role, g.permission)) expect({ label, refused: res.status === 403 }).toEqual({ label, refused: false });
      else expect({ label, status: res.status, message: res.body?.error?.message }).toEqual({ label, status: 403, message: expect.stringContaining(role) });
    }
  });

  it('admins hold every permission, and each permission is held by at least one other role or admin alone by design', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(can('admin', permission)).toBe(true);
    expect(can('ops', 'runs:operate')).toBe(true);
    expect(can('marketer', 'runs:operate')).toBe(false);
    expect(can('marketer', 'segments:manage')).toBe(true);
    expect(can('ops', 'connections:manage')).toBe(false);
    // Ops look at lists, programs and segments (README's role table) but change and export nothing.
    for (const kind of ['lists', 'programs', 'segments'] as const) {
      expect(can('ops', `${kind}:view`)).toBe(true);
      expect(can('ops', `${kind}:manage`)).toBe(false);
    }
    expect(can('ops', 'exports:run')).toBe(false);
  });
});
