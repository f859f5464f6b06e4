import { ApplicationFailure } from '@temporalio/common';
import { createLogger } from '../../../domain/logging/logger';
import { REDACTED, redactSecrets } from '../../../domain/logging/redact';
import { TemporalJsonLogger } from '../../../worker/temporal-runtime';

/** A logger whose lines the test reads back, parsed. */
function capturedLogger(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, component: 'worker', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const PASSWORD = 'hunter2-password';
const TOKEN = 'sec-token-123';
const CLIENT_SECRET = 'client-secret-456';

describe('structured logs', () => {
  it('are JSON lines with level, ISO time, component and message', () => {
    const { logger, lines, parsed } = capturedLogger();
    logger.info({ runId: 'r1', connectionId: 'c1' }, 'pulled pages');
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(parsed()[0]).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), component: 'worker', runId: 'r1', connectionId: 'c1', msg: 'pulled pages' });
  });

  it('redact every secret-named field, however deep, in arrays and in errors', () => {
    const { logger, lines } = capturedLogger();
    const err = Object.assign(new Error('login failed'), { request: { body: { password: PASSWORD } } });
    logger.warn(
      {
        connection: { auth: { type: 'password', username: 'u@example.com', password: PASSWORD, securityToken: TOKEN } },
        connections: [{ auth: { clientSecret: CLIENT_SECRET } }],
        headers: { Authorization: `Bearer ${TOKEN}`, cookie: `sid=${TOKEN}` },
        error: err,
      },
      'a connection failed',
    );
    const text = lines.join('');
    for (const secret of [PASSWORD, TOKEN, CLIENT_SECRET]) expect({ secret, inLog: text.includes(secret) }).toEqual({ secret, inLog: false });
    const line = JSON.parse(text) as { connection: { auth: Record<string, unknown> }; error: Record<string, unknown> };
    expect(line.connection.auth).toEqual({ type: 'password', username: 'u@example.com', password: REDACTED, securityToken: REDACTED });
    // An error keeps its own words and stack; only its secret-named fields go.
    expect(line.error).toMatchObject({ name: 'Error', message: 'login failed', stack: expect.stringContaining('login failed'), request: { body: { password: REDACTED } } });
  });

  it('the rule goes by key names: apiKey, accessToken, sessionSecret, secretKey, and leaves other fields alone', () => {
    expect(redactSecrets({ apiKey: 'a', accessToken: 'b', sessionSecret: 'c', secretKey: 'd', object: 'Contact', pages: 3, empty: '' })).toEqual({
      apiKey: REDACTED,
      accessToken: REDACTED,
      sessionSecret: REDACTED,
      secretKey: REDACTED,
      object: 'Contact',
      pages: 3,
      empty: '',
    });
  });

  it("keep a Temporal failure's own type beside its class name", () => {
    const { logger, parsed } = capturedLogger();
    logger.warn({ error: ApplicationFailure.retryable('the worker stopped', 'WorkerShutdown') }, 'Activity failed');
    expect(parsed()[0].error).toMatchObject({ name: 'ApplicationFailure', type: 'WorkerShutdown', nonRetryable: false, message: 'the worker stopped' });
  });

  it('survive cycles and very deep values', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { password: PASSWORD };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const out = JSON.stringify(redactSecrets({ cyclic, deep }));
    expect(out).not.toContain(PASSWORD);
    expect(out).toContain('"name":"a"');
  });

  it("carry the Temporal SDK's lines at their level, with a workflow's run id named apart from a crm-sync run id", () => {
    const { logger, parsed } = capturedLogger();
    const sdk = new TemporalJsonLogger(logger);
    const activity = { sdkComponent: 'worker', workflowId: 'crm-admin-sync/c1', workflowRunId: 'temporal-run', attempt: 2, activityType: 'pullObjectPages', runId: 'r1' };
    sdk.warn('Activity failed', { ...activity, error: new Error('boom') });
    sdk.debug('Activity started', activity);
    sdk.log('ERROR', 'Workflow task failed', { sdkComponent: 'workflow', workflowId: 'crm-admin-sync/c1', runId: 'temporal-run-2' });
    const [failed, workflow, ...rest] = parsed();
    expect(rest).toEqual([]);
    expect(failed).toMatchObject({ level: 'warn', msg: 'Activity failed', ...activity, error: { message: 'boom' } });
    expect(workflow).toMatchObject({ level: 'error', msg: 'Workflow task failed', workflowRunId: 'temporal-run-2' });
    expect(workflow).not.toHaveProperty('runId');
  });
});
