import { createFailureLimit } from '../../../api/security/failure-limit';
import { normaliseSignInEmail } from '../../../domain/auth/sign-in-identifier';
import { propertiesProblem } from '../../../domain/scoring/property-keys';
import { parseTrustProxy } from '../../../domain/trust-proxy';

describe('failure limit', () => {
  it('blocks a key after N failures until its window ends, and leaves other keys alone', () => {
    const limit = createFailureLimit({ failures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i += 1) {
      expect(limit.blockedFor('a', 100)).toBe(0);
      limit.recordFailure('a', 100);
    }
    expect(limit.blockedFor('a', 400)).toBe(700);
    expect(limit.blockedFor('b', 400)).toBe(0);
    expect(limit.blockedFor('a', 1100)).toBe(0);
  });

  it('keeps memory bounded under a flood of distinct keys', () => {
    const limit = createFailureLimit({ failures: 1, windowMs: 60_000 });
    for (let i = 0; i < 60_000; i += 1) limit.recordFailure(`k${i}`, 0);
    // The newest keys are still counted; the oldest were forgotten rather than grow without bound.
    expect(limit.blockedFor('k59999', 1)).toBeGreaterThan(0);
    expect(limit.blockedFor('k0', 1)).toBe(0);
  });
});

describe('sign-in identifier', () => {
  it.each([' user@x.org', 'user@x.org\t', 'USER@X.ORG', '\u00a0User@x.org\u3000', 'ｕｓｅｒ@x.org'])('%j is user@x.org', (raw) => {
    expect(normaliseSignInEmail(raw)).toBe('user@x.org');
  });
  it('anything but a string is the empty identifier', () => {
    expect(normaliseSignInEmail(['user@x.org'])).toBe('');
    expect(normaliseSignInEmail(undefined)).toBe('');
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['', false],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('%j is %j', (raw, value) => expect(parseTrustProxy(raw)).toEqual({ value }));
  it.each(['true', '11', 'proxy.local', '10.0.0.1/40', '10.0.0.1/8/1'])('%j is refused', (raw) => expect(parseTrustProxy(raw)).toHaveProperty('error'));
});

describe('event property keys', () => {
  it('names the first key the database cannot store, with its path', () => {
    expect(propertiesProblem({ a: 1, b: { c: [1, { d: 2 }] } })).toBeNull();
    expect(propertiesProblem({ a: { $ne: 1 } })).toMatch(/properties\."a"\."\$ne" starts with "\$"/);
    expect(propertiesProblem({ list: [{ 'x.y': 1 }] })).toMatch(/properties\."list"\[0\]\."x\.y" contains "\."/);
    expect(propertiesProblem({ 'a\u0000': 1 })).toMatch(/NUL/);
  });
});
