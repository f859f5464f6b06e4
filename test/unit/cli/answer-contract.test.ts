import type { ApiClient } from '../../../scripts/cli/api-client';
import { runCommand } from '../../../scripts/cli/run-command';

/** An API that answers every call with the given body, as an app of another version might. */
const answering = (body: unknown): ApiClient => ({ get: async () => body, post: async () => body, put: async () => body });

async function run(body: unknown, verb: 'cancel' | 'show') {
  const io = { out: jest.fn<void, [string]>(), err: jest.fn<void, [string]>() };
  const code = await runCommand(answering(body), { verb, runId: 'r1' }, false, io);
  return { code, out: io.out.mock.calls.join('\n'), err: io.err.mock.calls.join('\n') };
}

describe('ops CLI reads answers with the API schemas', () => {
  it('an answer as the schema describes it is printed', async () => {
    expect(await run({ runId: 'r1', status: 'cancelling' }, 'cancel')).toEqual({ code: 0, out: expect.stringContaining('Cancel requested for run r1'), err: '' });
  });

  it('an answer that breaks the contract exits 1 naming each field, instead of printing undefined or crashing', async () => {
    const renamed = await run({ id: 'r1', status: 'cancelling' }, 'cancel');
    expect(renamed.code).toBe(1);
    expect(renamed.err).toMatch(/POST \/api\/v1\/runs\/:runId\/cancel does not match.*runId: Required.*Unrecognized key\(s\) in object: 'id'/);
    const partial = await run({ id: 'r1', kind: 'crm-admin-sync', createdAt: 'yesterday' }, 'show');
    expect(partial.code).toBe(1);
    expect(partial.err).toContain('createdAt: Expected date');
    expect(partial.err).toContain('status: Required');
  });
});
