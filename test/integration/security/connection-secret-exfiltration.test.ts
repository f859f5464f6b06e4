import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STRICT_OUTBOUND_HOSTS } from '../../../domain/outbound/outbound-hosts';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';

const STORED_PASSWORD = 'Stored-Pa55word-never-leaves';
const STORED_TOKEN = 'STORED-TOKEN-77';
const BODY_MARKER = 'LISTENER-PRIVATE-PAGE';

type Answer = 'page' | 'soap-fault' | 'hang-up';

/**
 * Issue 17, finding 2: stored CRM secrets must not follow an edited login URL, login URLs are held
 * to the CRM's hosts, and "Test connection" says what went wrong without echoing what the host said.
 * The listener plays a host on the server's network that an attacker would like to read or reach.
 */
describe('security: CRM secrets go only to the login host they were entered for', () => {
  let dev: AppUnderTest;
  let strict: AppUnderTest;
  let listener: http.Server;
  let listenerUrl: string;
  let emulator: RunningEmulator;
  let answer: Answer = 'page';
  const seen: string[] = [];
  let devAdmin: Awaited<ReturnType<typeof signIn>>;
  let strictAdmin: Awaited<ReturnType<typeof signIn>>;

  const api = (who: Awaited<ReturnType<typeof signIn>>) => ({
    post: (url: string, body?: object) => who.agent.post(url).set('x-csrf-token', who.csrf).send(body),
    put: (url: string, body: object) => who.agent.put(url).set('x-csrf-token', who.csrf).send(body),
  });

  beforeAll(async () => {
    listener = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
        if (answer === 'hang-up') return req.socket.destroy();
        if (answer === 'soap-fault') {
          res.writeHead(500, { 'content-type': 'text/xml' }).end('<soapenv:Envelope><soapenv:Body><soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>');
          return;
        }
        res.writeHead(401, { 'content-type': 'text/html' }).end(`<html><body>${BODY_MARKER}: internal admin console, build 4711</body></html>`);
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    emulator = await startEmulator({ org: 'empty', seed: 3 });
    dev = await buildTestApp('exfil');
    strict = await buildTestApp('exfil', { models: dev.models, box: dev.box, outboundHosts: STRICT_OUTBOUND_HOSTS });
    devAdmin = await signIn(dev.app, await createUser(dev.models, 'admin'));
    strictAdmin = await signIn(strict.app, await createUser(dev.models, 'admin'));
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await emulator?.close();
    await strict?.close();
    await dev?.close();
  });

  async function storedConnection(name: string, loginUrl: string) {
    const created = await api(devAdmin)
      .post('/api/v1/connections', { name, loginUrl, auth: { type: 'password', username: 'sync@example.com', password: STORED_PASSWORD, securityToken: STORED_TOKEN } })
      .expect(201);
    return created.body.id as string;
  }

  const leaked = () => seen.some((request) => request.includes(STORED_PASSWORD) || request.includes(STORED_TOKEN));

  it('an edit that moves the login URL without the secrets is refused, naming them, and nothing is sent', async () => {
    const id = await storedConnection('Production org', emulator.url);

    const moved = await api(devAdmin).put(`/api/v1/connections/${id}`, { loginUrl: listenerUrl }).expect(400);
    expect(moved.body.error.details).toEqual([{ path: 'body.auth.password', message: expect.stringContaining('stored secrets are only ever sent to the host they were entered for') }]);
    const withUserOnly = await api(devAdmin).put(`/api/v1/connections/${id}`, { loginUrl: listenerUrl, auth: { type: 'password', username: 'sync@example.com' } }).expect(400);
    expect(withUserOnly.body.error.details[0].path).toBe('body.auth.password');

    const form = await devAdmin.agent
      .post(`/connections/${id}`)
      .type('form')
      .send({ _csrf: devAdmin.csrf, name: 'Production org', loginUrl: listenerUrl, authType: 'password', username: 'sync@example.com', password: '', securityToken: '' })
      .expect(400);
    expect(form.text).toContain('enter the CRM password (and security token, if the user has one): the login host changes');

    expect((await dev.models.Connection.findById(id).lean())?.loginUrl).toBe(emulator.url);
    await api(devAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(leaked()).toBe(false);
  });

  it('an edit on the same host keeps the stored secrets, and the test signs in with them', async () => {
    const id = await storedConnection('Renamed org', emulator.url);
    const { password, securityToken } = DEMO_CREDENTIALS;
    // The emulator's own credentials, entered once; a later rename leaves them in place.
    await api(devAdmin).put(`/api/v1/connections/${id}`, { auth: { type: 'password', username: DEMO_CREDENTIALS.username, password, securityToken } }).expect(200);
    await api(devAdmin).put(`/api/v1/connections/${id}`, { name: 'Renamed org 2', loginUrl: `${emulator.url}/` }).expect(200);
    const tested = await api(devAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(tested.body).toEqual({ ok: true, message: expect.stringMatching(/^Connected/) });
  });

  it('with the secrets entered again the move is allowed, and the test never shows what the host answered', async () => {
    const id = await storedConnection('Moved org', emulator.url);
    await api(devAdmin).put(`/api/v1/connections/${id}`, { loginUrl: listenerUrl, auth: { type: 'password', username: 'probe', password: 'typed-again' } }).expect(200);

    answer = 'page';
    const page = await api(devAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(page.body).toEqual({ ok: false, kind: 'unexpected-answer', message: expect.stringContaining('not as a Salesforce login service does') });
    expect(JSON.stringify(page.body)).not.toContain(BODY_MARKER);

    answer = 'soap-fault';
    const fault = await api(devAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(fault.body).toEqual({ ok: false, kind: 'rejected', message: expect.stringContaining('refused the sign-in: INVALID_LOGIN: Invalid username, password, security token') });

    answer = 'hang-up';
    const hangUp = await api(devAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(hangUp.body).toMatchObject({ ok: false, kind: 'unreachable' });

    // The page flash says the same, and no more.
    answer = 'page';
    await devAdmin.agent.post(`/connections/${id}/test`).type('form').send({ _csrf: devAdmin.csrf }).expect(302);
    const shown = await devAdmin.agent.get(`/connections/${id}`).expect(200);
    expect(shown.text).toContain('not as a Salesforce login service does');
    expect(shown.text).not.toContain(BODY_MARKER);
    expect(leaked()).toBe(false);
  });

  it('a closed port and a wrong password are told apart, with the CRM’s own words for the password', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await storedConnection('Nothing listens', closedUrl);
    expect((await api(devAdmin).post(`/api/v1/connections/${refused}/test`).expect(200)).body).toEqual({
      ok: false,
      kind: 'unreachable',
      message: `could not reach ${new URL(closedUrl).host}: the connection was refused`,
    });

    const wrong = await storedConnection('Wrong password', emulator.url);
    const tested = await api(devAdmin).post(`/api/v1/connections/${wrong}/test`).expect(200);
    expect(tested.body).toMatchObject({ ok: false, kind: 'rejected' });
    expect(tested.body.message).toContain('INVALID_LOGIN');
  });

  it('without the development setting, loopback, plain http, other hosts and paths are refused; Salesforce hosts are accepted', async () => {
    const secrets = { type: 'password', username: 'u', password: 'p' };
    const refusal = async (loginUrl: string) =>
      (await api(strictAdmin).post('/api/v1/connections', { name: 'Probe', loginUrl, auth: secrets }).expect(400)).body.error.details[0] as { path: string; message: string };

    expect(await refusal(listenerUrl)).toEqual({ path: 'body.loginUrl', message: expect.stringContaining('is a loopback host: loopback hosts are for development only (CRM_SYNC_ALLOW_LOOPBACK_HOSTS=true') });
    expect(await refusal('https://localhost:8443')).toMatchObject({ message: expect.stringContaining('loopback host') });
    expect(await refusal('http://login.salesforce.com')).toMatchObject({ message: expect.stringContaining('must start with https://') });
    expect(await refusal('https://10.0.0.5')).toMatchObject({ message: expect.stringContaining('10.0.0.5 is not a salesforce login host') });
    expect(await refusal('https://169.254.169.254')).toMatchObject({ message: expect.stringContaining('is not a salesforce login host') });
    expect(await refusal('https://login.salesforce.com.evil.example')).toMatchObject({ message: expect.stringContaining('is not a salesforce login host') });
    expect(await refusal('https://acme.my.salesforce.com/services/apexrest/steal')).toMatchObject({ message: expect.stringContaining('without a path or query') });
    expect(await refusal('https://user:pw@login.salesforce.com')).toMatchObject({ path: 'body.loginUrl' });

    for (const loginUrl of ['https://login.salesforce.com', 'https://test.salesforce.com/', 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com']) {
      await api(strictAdmin).post('/api/v1/connections', { name: `Accepted ${loginUrl}`, loginUrl, auth: secrets }).expect(201);
    }

    const form = await strictAdmin.agent
      .post('/connections')
      .type('form')
      .send({ _csrf: strictAdmin.csrf, name: 'Form probe', loginUrl: listenerUrl, authType: 'password', username: 'u', password: 'p' })
      .expect(400);
    expect(form.text).toContain('is a loopback host');
  });

  it('a stored connection whose host the rules no longer allow is not tested: nothing is sent', async () => {
    const id = await storedConnection('Predates the rules', listenerUrl);
    const before = seen.length;
    const tested = await api(strictAdmin).post(`/api/v1/connections/${id}/test`).expect(200);
    expect(tested.body).toEqual({ ok: false, kind: 'host-not-allowed', message: expect.stringContaining('is a loopback host') });
    expect(seen.length).toBe(before);
    // Moving it to an allowed host still needs the secrets.
    const moved = await api(strictAdmin).put(`/api/v1/connections/${id}`, { loginUrl: 'https://acme.my.salesforce.com' }).expect(400);
    expect(moved.body.error.details[0].path).toBe('body.auth.password');
  });
});
