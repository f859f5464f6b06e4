import { Connection, OAuth2 } from 'jsforce';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection, tokenOnlyConnection } from './connect';

describe('logging in to the emulator with jsforce', () => {
  let emu: RunningEmulator;
  const passwordWithToken = DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
  });
  afterAll(async () => {
    await emu.close();
  });

  const oauthConfig = () => ({ loginUrl: emu.url, clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret });

  it('accepts a SOAP login with password and security token and points the instance URL at itself', async () => {
    const conn = await soapConnection(emu);
    expect(conn.instanceUrl).toBe(emu.url);
    expect(conn.userInfo?.organizationId).toBe(emu.store.orgId);
    expect(conn.userInfo?.id).toBe(emu.store.adminUserId);
    const result = await conn.query<{ Username: string }>('SELECT Username FROM User');
    expect(result.records.map((r) => r.Username)).toEqual([DEMO_CREDENTIALS.username]);
  });

  it('rejects a SOAP login without the security token with INVALID_LOGIN', async () => {
    const conn = new Connection({ loginUrl: emu.url, version: '59.0' });
    await expect(conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password)).rejects.toThrow(/INVALID_LOGIN/);
  });

  it('issues a token through the OAuth2 password grant', async () => {
    const conn = new Connection({ oauth2: oauthConfig(), version: '59.0' });
    const user = await conn.login(DEMO_CREDENTIALS.username, passwordWithToken);
    expect(user.organizationId).toBe(emu.store.orgId);
    expect(conn.instanceUrl).toBe(emu.url);
    await expect(conn.query('SELECT COUNT() FROM User')).resolves.toMatchObject({ totalSize: 1 });
  });

  it('answers a wrong password on the password grant with invalid_grant', async () => {
    const conn = new Connection({ oauth2: oauthConfig(), version: '59.0' });
    await expect(conn.login(DEMO_CREDENTIALS.username, 'wrong')).rejects.toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });
  });

  it('issues a token through the client_credentials grant', async () => {
    const conn = new Connection({ oauth2: oauthConfig(), version: '59.0' });
    const user = await conn.authorize({ grant_type: 'client_credentials' });
    expect(user.id).toBe(emu.store.adminUserId);
    await expect(conn.identity()).resolves.toMatchObject({ username: DEMO_CREDENTIALS.username, organization_id: emu.store.orgId });
  });

  it('rejects client_credentials with a wrong client secret', async () => {
    const conn = new Connection({ oauth2: { ...oauthConfig(), clientSecret: 'nope' }, version: '59.0' });
    await expect(conn.authorize({ grant_type: 'client_credentials' })).rejects.toMatchObject({ name: 'invalid_client' });
  });

  it('exchanges a refresh token for a new access token', async () => {
    const oauth2 = new OAuth2(oauthConfig());
    const first = await oauth2.authenticate(DEMO_CREDENTIALS.username, passwordWithToken);
    expect(first.refresh_token).toEqual(expect.any(String));
    const refreshed = await oauth2.refreshToken(first.refresh_token as string);
    expect(refreshed).toMatchObject({ token_type: 'Bearer', instance_url: emu.url, id: first.id });
    expect(refreshed.access_token).not.toBe(first.access_token);
    await expect(oauth2.refreshToken('5Aep-not-a-token')).rejects.toMatchObject({ name: 'invalid_grant' });
  });

  it('answers unknown tokens with 401 INVALID_SESSION_ID', async () => {
    const conn = new Connection({ instanceUrl: emu.url, accessToken: 'not-a-session', version: '59.0' });
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });
  });

  it('expires every session on demand, and jsforce logs in again by itself after a SOAP login', async () => {
    const conn = await soapConnection(emu);
    const bare = tokenOnlyConnection(conn);
    emu.expireAllSessions();
    await expect(bare.query('SELECT Id FROM User')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    const before = conn.accessToken;
    await expect(conn.query('SELECT Id FROM User')).resolves.toMatchObject({ totalSize: 1 });
    expect(conn.accessToken).not.toBe(before);
  });
});
