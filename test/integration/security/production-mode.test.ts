import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { generateApiToken } from '../../../domain/auth/api-tokens';
import { ConfigError, loadConfig } from '../../../domain/config';
import type { Models } from '../../../domain/models';
import { buildTestApp, createUser, csrfFrom, type AppUnderTest } from '../../harness/app-under-test';
import { harnessValue } from '../../harness/harness-env';
import { uniqueName } from '../../harness/services';

const HTTPS = { 'x-forwarded-proto': 'https' };

/** An admin's API token, made as the tokens page would. */
async function adminToken(models: Models): Promise<string> {
  const { email } = await createUser(models, 'admin');
  const owner = await models.User.findOne({ email }).lean();
  const { token, hash, displayPrefix } = generateApiToken();
  await models.ApiToken.create({ name: 'prod check', role: 'admin', tokenHash: hash, displayPrefix, createdBy: email, ownerUserId: String(owner?._id) });
  return token;
}

/** The cookie pairs of a response's Set-Cookie, to send back by hand (supertest's jar never sends Secure cookies over http). */
function cookiesOf(res: request.Response): string {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (set ?? []).map((c) => c.split(';')[0]).join('; ');
}

describe('production mode (issue 17, finding 4)', () => {
  describe('configuration', () => {
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://127.0.0.1/x' };

    it('TRUST_PROXY takes a number of proxies or their addresses, and refuses "true" and nonsense by name', () => {
      expect(loadConfig(base).http.trustProxy).toBe(false);
      expect(loadConfig({ ...base, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
      expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, loopback,::1' }).http.trustProxy).toEqual(['10.0.0.0/8', 'loopback', '::1']);
      expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would believe any client/);
      expect(() => loadConfig({ ...base, TRUST_PROXY: 'proxy.internal' })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: 10.0.0.0\/33/);
    });
  });

  describe('the built API entry point with NODE_ENV unset', () => {
    let child: ChildProcess | undefined;
    let url = '';
    let output = '';

    beforeAll(async () => {
      const server = harnessValue('mongoServerUri');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: harnessValue('temporalAddress'),
        MONGODB_URI: `${server.endsWith('/') ? server : `${server}/`}${uniqueName('t_prodentry')}`,
        PORT: '0',
        CRM_SYNC_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
      };
      child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), path.join('api', 'main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`api/main.ts did not start:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          // Its JSON log line (domain/logging/logger.ts) "crm-sync admin UI listening on …" carries the url as a field.
          const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child?.stdout?.on('data', onData);
        child?.stderr?.on('data', onData);
        child?.once('exit', (code) => reject(new Error(`api/main.ts exited (${code}):\n${output}`)));
      });
    });
    afterAll(async () => {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });

    it('runs in production: no session cookie over plain HTTP, and sign-in (setup) says HTTPS is needed instead of failing silently', async () => {
      const page = await request(url).get('/setup').expect(200);
      expect(page.headers['set-cookie']).toBeUndefined();
      const res = await request(url).post('/setup').type('form').send({ _csrf: csrfFrom(page.text), name: 'Ada', email: 'ada@example.com', password: 'long-enough-pw', confirm: 'long-enough-pw' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Sign-in needs HTTPS in production');
      expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
    });

    it('answers an upper-case API path with JSON, not an HTML page', async () => {
      const res = await request(url).post('/API/v1/events').send([{}]).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.error.status).toBe(401);
    });
  });

  describe('the app built for production behind a TLS proxy', () => {
    let t: AppUnderTest;
    let token: string;

    beforeAll(async () => {
      t = await buildTestApp('prodmode', { env: 'production', trustProxy: ['loopback'], loginAttemptsPerWindow: 3 });
      token = await adminToken(t.models);
    });
    afterAll(() => t?.close());
    afterEach(() => jest.restoreAllMocks());

    it('sets the session cookie Secure and HttpOnly, and signs in over the proxy', async () => {
      const user = await createUser(t.models, 'ops');
      const form = await request(t.app).get('/login').set(HTTPS).expect(200);
      const cookie = (form.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      const login = await request(t.app).post('/login').set(HTTPS).set('cookie', cookiesOf(form)).type('form').send({ _csrf: csrfFrom(form.text), email: user.email, password: user.password });
      expect(login.status).toBe(302);
      await request(t.app).get('/runs').set(HTTPS).set('cookie', cookiesOf(login)).expect(200);
    });

    it('an internal failure shows no stack trace, on pages and on upper-case API paths alike', async () => {
      jest.spyOn(t.models.Connection, 'find').mockImplementation(() => {
        throw new Error('internal detail at /srv/crm-sync/secret/path.ts:12');
      });
      const api = await request(t.app).get('/API/v1/connections').set('authorization', `Bearer ${token}`);
      expect(api.status).toBe(500);
      expect(api.body).toEqual({ error: { status: 500, message: 'Internal server error' } });
      const page = await request(t.app).get('/connections').set('authorization', `Bearer ${token}`).set('accept', 'text/html');
      expect(page.status).toBe(500);
      expect(page.text).toContain('Internal server error');
      expect(page.text).not.toContain('internal detail');
      expect(page.text).not.toContain('class="stack"');
    });

    it('the same failure outside production shows the stack (so the check above can fail)', async () => {
      const dev = await buildTestApp('prodmode_dev', { env: 'development', models: t.models });
      try {
        jest.spyOn(t.models.Connection, 'find').mockImplementation(() => {
          throw new Error('internal detail at /srv/crm-sync/secret/path.ts:12');
        });
        const page = await request(dev.app).get('/connections').set('authorization', `Bearer ${token}`).set('accept', 'text/html').expect(500);
        expect(page.text).toContain('class="stack"');
      } finally {
        await dev.close();
      }
    });

    it('behind the proxy, sign-in limits key on the client: an attacker locking an account does not lock its owner out', async () => {
      const victim = await createUser(t.models, 'marketer');
      const attempt = async (from: string, password: string) => {
        const form = await request(t.app).get('/login').set(HTTPS).set('x-forwarded-for', from).expect(200);
        return request(t.app).post('/login').set(HTTPS).set('x-forwarded-for', from).set('cookie', cookiesOf(form)).type('form').send({ _csrf: csrfFrom(form.text), email: victim.email, password });
      };
      for (let i = 0; i < 3; i += 1) expect((await attempt('203.0.113.66', 'guess')).status).toBe(401);
      expect((await attempt('203.0.113.66', victim.password)).status).toBe(429);
      expect((await attempt('198.51.100.10', victim.password)).status).toBe(302);
    });
  });

  describe('request bodies', () => {
    let t: AppUnderTest;
    let token: string;
    beforeAll(async () => {
      t = await buildTestApp('bodies');
      token = await adminToken(t.models);
    });
    afterAll(() => t?.close());

    const bigJson = (bytes: number) => JSON.stringify({ name: 'x'.repeat(bytes) });

    it('are not read before authentication: an anonymous 3 MB body is a 401, not parsed (no 413)', async () => {
      const res = await request(t.app).post('/api/v1/connections').set('content-type', 'application/json').send(bigJson(3_000_000));
      expect(res.status).toBe(401);
      const events = await request(t.app).post('/api/v1/events').set('content-type', 'application/json').send(`[${bigJson(100)}]`.padEnd(20_000_000, ' '));
      expect(events.status).toBe(401);
    });

    it('the sign-in form takes 16 kB at most', async () => {
      const res = await request(t.app).post('/login').type('form').send({ email: 'a@example.com', password: 'p'.repeat(20_000) });
      expect(res.status).toBe(413);
    });

    it('signed in, the event batch route keeps its larger limit while other routes take 1 MB', async () => {
      const auth = { authorization: `Bearer ${token}` };
      await request(t.app).post('/api/v1/segments/preview').set(auth).set('content-type', 'application/json').send(bigJson(1_100_000)).expect(413);
      const batch = Array.from({ length: 6_000 }, (_, i) => ({ email: `p${i}@example.com`, type: 'page_view', occurredAt: new Date().toISOString(), properties: { url: `/page/${'x'.repeat(300)}` } }));
      expect(JSON.stringify(batch).length).toBeGreaterThan(2_000_000);
      const res = await request(t.app).post('/API/v1/events').set(auth).send(batch).expect(200);
      expect(res.body).toMatchObject({ received: 6_000, stored: 6_000, rejected: [] });
    });
  });
});
