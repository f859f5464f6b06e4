import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from '../../../dev-services/paths';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import type { Models } from '../../../domain/models';
import { createSecretBox } from '../../../domain/secrets/secret-box';
import { loadStoredSecretKey } from '../../../domain/secrets/stored-secret-key';
import { harnessValue } from '../../harness/harness-env';
import { connectTestModels } from '../../harness/services';
import { databaseUriOf } from '../../harness/worker-process';

const CONNECTION = { name: 'Sealed', loginUrl: 'https://login.salesforce.com', auth: { type: 'password' as const, username: 'u', password: 'pw', securityToken: 't' } };

/** Runs the API entry point until it exits (or listens, which is a failure here); returns its exit code and output. */
function startApiEntry(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join('scripts', 'run-ts.js'), path.join('api', 'main.ts')], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('listening on')) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the secret key file (issue 17, finding 5)', () => {
  let models: Models;
  let dir: string;
  const box = createSecretBox(crypto.randomBytes(32));

  beforeAll(async () => {
    models = await connectTestModels('secretkey');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-key-'));
  });
  afterAll(async () => {
    await models.db.dropDatabase();
    await models.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on a database without secrets, a missing key file is created 0600 in a folder created 0700', async () => {
    const file = path.join(dir, 'fresh', 'data', 'secret.key');
    const key = await loadStoredSecretKey({ file }, models);
    expect(key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect((await loadStoredSecretKey({ file }, models)).equals(key)).toBe(true);
  });

  it('the embedded data folder is made private, also when it already existed world-readable', () => {
    const data = path.join(dir, 'old-data');
    fs.mkdirSync(data, { mode: 0o755 });
    fs.chmodSync(data, 0o755);
    ensurePrivateDir(data);
    expect(fs.statSync(data).mode & 0o777).toBe(0o700);
  });

  describe('with sealed secrets in the database', () => {
    beforeAll(async () => {
      await models.Connection.create(sealConnection(CONNECTION, box));
    });

    it('a lost key file is a start-up error naming the file, and no new key is written', async () => {
      const file = path.join(dir, 'lost', 'secret.key');
      await expect(loadStoredSecretKey({ file }, models)).rejects.toThrow(`The secret key file ${file} is missing`);
      expect(fs.existsSync(file)).toBe(false);
    });

    it('a key that does not open the stored secrets is a start-up error naming where it came from', async () => {
      await expect(loadStoredSecretKey({ base64: crypto.randomBytes(32).toString('base64'), file: '/unused' }, models)).rejects.toThrow(/CRM_SYNC_SECRET_KEY does not open the CRM secrets/);
    });

    it('the right key opens them', async () => {
      const file = path.join(dir, 'right.key');
      fs.writeFileSync(file, 'x', { mode: 0o600 });
      const key = crypto.randomBytes(32);
      const sealedWith = createSecretBox(key);
      await models.Connection.deleteMany({});
      await models.Connection.create(sealConnection(CONNECTION, sealedWith));
      fs.writeFileSync(file, key.toString('base64'));
      expect((await loadStoredSecretKey({ file }, models)).equals(key)).toBe(true);
    });

    it('the API entry point refuses to start without the key file and says which file', async () => {
      const file = path.join(dir, 'gone', 'secret.key');
      const { code, output } = await startApiEntry({
        TEMPORAL_ADDRESS: harnessValue('temporalAddress'),
        MONGODB_URI: databaseUriOf(models),
        PORT: '0',
        CRM_SYNC_SECRET_KEY_FILE: file,
      });
      expect(code).toBe(1);
      expect(output).toContain(`The secret key file ${file} is missing`);
      expect(output).not.toContain('listening on');
      expect(fs.existsSync(file)).toBe(false);
    });
  });
});
