import crypto from 'node:crypto';
import request from 'supertest';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';

const LIMITS = { perAddress: 5, perToken: 3, windowMs: 60_000 };

const randomToken = () => `crms_${crypto.randomBytes(24).toString('base64url')}`;

describe('limits on failed API token authentication (issue 17, finding 3)', () => {
  let t: AppUnderTest;
  let admin: Awaited<ReturnType<typeof signIn>>;

  async function newToken(name: string): Promise<{ id: string; token: string }> {
    const res = await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrf).send({ name, role: 'ops' }).expect(201);
    return { id: res.body.id, token: res.body.token };
  }

  // One proxy in front (loopback): X-Forwarded-For then names the client, as behind a real proxy.
  const from = (address: string, token: string) => request(t.app).get('/api/v1/runs').set('x-forwarded-for', address).set('authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await buildTestApp('bearerlimit', { bearerFailureLimits: LIMITS, trustProxy: ['loopback'] });
    admin = await signIn(t.app, await createUser(t.models, 'admin'));
  });
  afterAll(() => t?.close());

  it('an address guessing tokens gets 429 after the limit, even for a real token, while other addresses go on', async () => {
    const good = await newToken('nightly');
    for (let i = 0; i < LIMITS.perAddress; i += 1) await from('203.0.113.7', randomToken()).expect(401);
    const blocked = await from('203.0.113.7', good.token).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.error.message).toMatch(/Too many failed API token authentications/);
    await from('198.51.100.2', good.token).expect(200);
  });

  it('malformed Authorization headers count as failures too', async () => {
    for (let i = 0; i < LIMITS.perAddress; i += 1) await request(t.app).get('/api/v1/runs').set('x-forwarded-for', '203.0.113.8').set('authorization', 'Basic abc').expect(401);
    await request(t.app).get('/api/v1/runs').set('x-forwarded-for', '203.0.113.8').set('authorization', 'Basic abc').expect(429);
  });

  it('a revoked token retried from many addresses is refused with 429 after the per-token limit', async () => {
    const revoked = await newToken('old cron job');
    await admin.agent.delete(`/api/v1/tokens/${revoked.id}`).set('x-csrf-token', admin.csrf).expect(204);
    for (let i = 0; i < LIMITS.perToken; i += 1) await from(`192.0.2.${10 + i}`, revoked.token).expect(401);
    await from('192.0.2.99', revoked.token).expect(429);
  });

  it('without a trusted proxy, a forged X-Forwarded-For does not escape the per-address limit', async () => {
    const direct = await buildTestApp('bearerdirect', { bearerFailureLimits: LIMITS });
    try {
      for (let i = 0; i < LIMITS.perAddress; i += 1) {
        await request(direct.app).get('/api/v1/runs').set('x-forwarded-for', `10.0.0.${i}`).set('authorization', `Bearer ${randomToken()}`).expect(401);
      }
      await request(direct.app).get('/api/v1/runs').set('x-forwarded-for', '10.9.9.9').set('authorization', `Bearer ${randomToken()}`).expect(429);
    } finally {
      await direct.close();
    }
  });
});
