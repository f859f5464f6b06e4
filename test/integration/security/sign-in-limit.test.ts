import './support/realistic-bcrypt-cost';
import request from 'supertest';
import { buildTestApp, createUser, csrfFrom, signIn, type AppUnderTest } from '../../harness/app-under-test';

/** A cookie-keeping anonymous client holding the login form's CSRF token. */
async function loginClient(t: AppUnderTest) {
  const agent = request.agent(t.app);
  const csrf = csrfFrom((await agent.get('/login').expect(200)).text);
  return { attempt: (email: string, password: string) => agent.post('/login').type('form').send({ _csrf: csrf, email, password }) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('sign-in rate limit and account enumeration (issue 17, finding 3)', () => {
  let t: AppUnderTest;
  beforeAll(async () => {
    t = await buildTestApp('signinlimit', { loginAttemptsPerWindow: 5 });
  });
  afterAll(() => t?.close());

  it('padding, case or full-width letters in the email buy no fresh attempts once the limit is reached', async () => {
    const user = await createUser(t.models, 'marketer', 'victim@example.com');
    const client = await loginClient(t);
    for (let i = 0; i < 5; i += 1) expect((await client.attempt(user.email, 'wrong-password')).status).toBe(401);
    expect((await client.attempt(user.email, 'wrong-password')).status).toBe(429);
    // The attack of the issue: " user@x" got 10 fresh tries and "user@x\t" signed in with the right password.
    for (const variant of [' victim@example.com', 'victim@example.com\t', 'VICTIM@Example.COM', '\u00a0victim@example.com ', 'ｖｉｃｔｉｍ@example.com']) {
      const res = await client.attempt(variant, user.password);
      expect({ variant, status: res.status }).toEqual({ variant, status: 429 });
    }
  });

  it('every spelling the limiter folds together is the same account: a padded, upper-case email signs in', async () => {
    const user = await createUser(t.models, 'ops', 'padded@example.com');
    const client = await loginClient(t);
    const res = await client.attempt('  PADDED@example.com\t', user.password);
    expect(res.status).toBe(302);
  });

  it('a user created with a padded, mixed-case email is stored under the spelling sign-in uses', async () => {
    const admin = await signIn(t.app, await createUser(t.models, 'admin'));
    await admin.agent
      .post('/api/v1/users')
      .set('x-csrf-token', admin.csrf)
      .send({ name: 'New', email: ' New.Person@Example.com ', role: 'marketer', password: 'a-long-password' })
      .expect(201);
    expect(await t.models.User.exists({ email: 'new.person@example.com' })).toBeTruthy();
    expect((await (await loginClient(t)).attempt('new.person@example.com', 'a-long-password')).status).toBe(302);
  });

  it('unknown, disabled and known accounts take the same time to refuse, so sign-in cannot list accounts', async () => {
    const known = await createUser(t.models, 'marketer');
    const disabled = await createUser(t.models, 'marketer');
    await t.models.User.updateOne({ email: disabled.email }, { $set: { disabled: true } });
    const timed = async (email: string, password: string) => {
      const client = await loginClient(t);
      const started = performance.now();
      const res = await client.attempt(email, password);
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    const samples = { known: [] as number[], unknown: [] as number[], disabled: [] as number[] };
    // Interleaved, four attempts per account (under the limit of 5), so load on the machine hits all three alike.
    for (let i = 0; i < 4; i += 1) {
      samples.known.push(await timed(known.email, 'wrong-password'));
      samples.unknown.push(await timed(`nobody-${i}@example.com`, 'wrong-password'));
      samples.disabled.push(await timed(disabled.email, disabled.password));
    }
    const [k, u, d] = [median(samples.known), median(samples.unknown), median(samples.disabled)];
    console.log(`sign-in refusal, median of 4 at bcrypt cost 10: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms, disabled ${d.toFixed(1)} ms`);
    // Without the dummy comparison an unknown email answered in under a tenth of the known one's time.
    expect(u / k).toBeGreaterThan(0.6);
    expect(u / k).toBeLessThan(1.6);
    expect(d / k).toBeGreaterThan(0.6);
    expect(d / k).toBeLessThan(1.6);
  });
});
