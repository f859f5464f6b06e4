import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ROOT = path.resolve(__dirname, '../../..');
const ORG = { leads: 10, contacts: 20, accounts: 5, users: 2, opportunities: 4, campaigns: 2 };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The ops CLI as a terminal runs it (`npm run cli -- …`), against the real app listening on loopback. */
describe('ops CLI against a running app', () => {
  let f: ListFixture;
  let server: Server;
  let baseUrl: string;
  let opsToken: string;
  let adminToken: string;
  let marketerToken: string;

  /** `null` runs it without a token. */
  function cli(args: string[], token: string | null = opsToken): Promise<CliResult> {
    const env = { ...process.env, CRM_SYNC_URL: baseUrl, ...(token ? { CRM_SYNC_TOKEN: token } : {}) };
    if (!token) delete env.CRM_SYNC_TOKEN;
    return new Promise((resolve) => {
      execFile(process.execPath, ['scripts/run-ts.js', 'scripts/crm-sync-cli.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  const token = async (role: string) =>
    (await f.admin.post('/api/v1/tokens', { name: `cli ${role}`, role }).expect(201)).body.token as string;

  beforeAll(async () => {
    f = await startListFixture('run_cli', { org: ORG, seed: 12 });
    server = await new Promise<Server>((resolve) => {
      const s = f.app.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    opsToken = await token('ops');
    adminToken = await token('admin');
    marketerToken = await token('marketer');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
  });

  it('syncs, lists, shows, retries and cancels runs, and sets a schedule; refusals exit non-zero with the API message naming the field', async () => {
    const sync = await cli(['sync', f.connectionId, '--json']);
    expect(sync).toMatchObject({ code: 0, stderr: '' });
    const runId = JSON.parse(sync.stdout).runId as string;
    const finished = await f.waitForRun(runId);
    expect(finished.status).toBe('succeeded');

    const runs = await cli(['runs', '--kind', 'crm-admin-sync', '--connection', f.connectionId, '--limit', '1']);
    expect(runs.code).toBe(0);
    const [header, row] = runs.stdout.split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+KIND/);
    expect(row).toMatch(new RegExp(`^${runId}\\s+succeeded\\s+crm-admin-sync\\s+manual\\s+token:cli ops`));
    expect(runs.stdout).toContain('1 shown; more runs match');
    const runsJson = JSON.parse((await cli(['runs', '--status', 'succeeded', '--json'])).stdout) as { runs: { id: string }[] };
    expect(runsJson.runs.map((r) => r.id)).toContain(runId);

    const show = await cli(['show', runId]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Status\s+succeeded$/m);
    expect(show.stdout).toMatch(/^\d+\s+User\s+done\s+incremental/m);

    // Refusals: the exit code says so and the API's message is printed.
    const retry = await cli(['retry', runId]);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toContain('(409)');
    expect(retry.stderr).toContain('only failed or cancelled runs are retried');
    const cancel = await cli(['cancel', runId]);
    expect(cancel).toMatchObject({ code: 1, stderr: expect.stringContaining('already ended (succeeded)') });
    const badFilter = await cli(['runs', '--status', 'done']);
    expect(badFilter).toMatchObject({ code: 1, stderr: expect.stringContaining('query.status') });

    const full = await cli(['retry', runId, '--full']);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/Full re-run of run [0-9a-f]{24} started: run [0-9a-f]{24}/);
    const fullRunId = /started: run ([0-9a-f]{24})/.exec(full.stdout)?.[1] as string;
    expect((await f.waitForRun(fullRunId)).options).toMatchObject({ mode: 'full', retryOf: runId });

    const { listId } = await f.importList({ name: 'CLI leads', source: { kind: 'all_leads' } });
    const listSync = await cli(['list-sync', listId], adminToken);
    expect(listSync.code).toBe(0);
    const listRunId = /run ([0-9a-f]{24})/.exec(listSync.stdout)?.[1] as string;
    expect((await f.waitForRun(listRunId)).status).toBe('succeeded');

    const schedule = await cli(['schedule', listId, 'daily', '--at', '06:30', '--tz', 'Europe/Paris', '--paused', '--json'], adminToken);
    expect(schedule.code).toBe(0);
    expect(JSON.parse(schedule.stdout).schedule).toMatchObject({ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris', paused: true });
    const badAt = await cli(['schedule', listId, 'daily', '--at', '25:00'], adminToken);
    expect(badAt).toMatchObject({ code: 1, stderr: expect.stringContaining('body.at') });
    const notAllowed = await cli(['schedule', listId, 'off'], opsToken);
    expect(notAllowed).toMatchObject({ code: 1, stderr: expect.stringContaining('(403)') });
    const marketerCancel = await cli(['cancel', runId], marketerToken);
    expect(marketerCancel).toMatchObject({ code: 1, stderr: expect.stringContaining('(403)') });
  });

  it('usage errors and a missing token exit with 2 before calling the API', async () => {
    expect(await cli(['retry'])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing <runId>') });
    expect(await cli(['runs', '--limit', 'many'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') });
    expect(await cli(['runs'], null)).toMatchObject({ code: 2, stderr: expect.stringContaining('CRM_SYNC_TOKEN is required') });
    const help = await cli(['help'], null);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('crm-sync schedule <listId> <mode>');
  });
});
