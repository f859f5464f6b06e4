import { checkReadiness } from '../../../api/services/readiness';

const answers = () => Promise.resolve();
const refuses = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7233'));
const hangs = () => new Promise<void>(() => {});

describe('readiness', () => {
  it('is ready when every dependency answers', async () => {
    expect(await checkReadiness({ database: answers, temporal: answers }, 500)).toEqual({ ready: true, checks: { database: 'ok', temporal: 'ok' } });
  });

  it('names the dependency that refuses, and logs its error without serving it', async () => {
    const failures: unknown[][] = [];
    const readiness = await checkReadiness({ database: answers, temporal: refuses }, 500, (...args) => failures.push(args));
    expect(readiness).toEqual({ ready: false, checks: { database: 'ok', temporal: 'unreachable' } });
    expect(JSON.stringify(readiness)).not.toContain('ECONNREFUSED');
    expect(failures).toEqual([['temporal', 'unreachable', expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') })]]);
  });

  it('answers within its deadline when a dependency hangs, and says it timed out', async () => {
    const started = Date.now();
    const readiness = await checkReadiness({ database: hangs, temporal: answers }, 200);
    expect(readiness).toEqual({ ready: false, checks: { database: 'timeout', temporal: 'ok' } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('checks the dependencies at once, not one after the other', async () => {
    const started = Date.now();
    const readiness = await checkReadiness({ database: hangs, temporal: hangs }, 300);
    expect(readiness.checks).toEqual({ database: 'timeout', temporal: 'timeout' });
    expect(Date.now() - started).toBeLessThan(550);
  });
});
