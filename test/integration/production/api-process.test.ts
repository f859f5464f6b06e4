import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { repoRoot } from '../../../dev-services/paths';
import type { Models } from '../../../domain/models';
import { harnessValue } from '../../harness/harness-env';
import { jsonLinesOf } from '../../harness/log-lines';
import { connectTestModels } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import { databaseUriOf } from '../../harness/worker-process';

/** The API entry point (api/main.ts) as production starts it: its own process, settings from the environment. */
describe('the API process', () => {
  let models: Models;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    models = await connectTestModels('apiprocess');
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await models?.db.dropDatabase();
    await models?.db.close();
  });

  it('serves /healthz and /readyz, and on SIGTERM stops accepting, closes its connections and exits 0', async () => {
    child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), path.join('api', 'main.ts')], {
      cwd: repoRoot(),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        TEMPORAL_ADDRESS: harnessValue('temporalAddress'),
        MONGODB_URI: databaseUriOf(models),
        CRM_SYNC_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

    const listening = await waitFor('the API to listen', async () => jsonLinesOf(output).find((line) => String(line.msg).startsWith('crm-sync admin UI listening on')), 90_000);
    expect(listening).toMatchObject({ level: 'info', component: 'api', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const url = String(listening.url);
    expect(listening).toMatchObject({ liveness: `${url}/healthz`, readiness: `${url}/readyz` });

    const alive = await fetch(`${url}/healthz`);
    expect({ status: alive.status, body: await alive.json() }).toEqual({ status: 200, body: { ok: true } });
    const ready = await fetch(`${url}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { ready: true, checks: { database: 'ok', temporal: 'ok' } } });

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    // Nothing was in flight, so nothing waits for the grace time.
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(jsonLinesOf(output).find((line) => line.msg === 'stopping: draining requests')).toMatchObject({ component: 'api', signal: 'SIGTERM', graceSeconds: 10 });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
