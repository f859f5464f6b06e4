import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS, type RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, passwordGrant, startSmallEmulator, tokenRequest } from './sugar-client';

describe('Sugar emulator: OAuth 2.0 password and refresh grants', () => {
  let emu: RunningSugarEmulator;

  beforeAll(async () => {
    emu = await startSmallEmulator({ org: { contacts: 3, leads: 1, accounts: 1, users: 1, opportunities: 0, campaigns: 0, lists: 0 } });
  });
  afterAll(() => emu.close());

  const me = (token: string, header = 'OAuth-Token') =>
    fetch(`${emu.restUrl}/me`, { headers: header === 'OAuth-Token' ? { 'OAuth-Token': token } : { Authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it('a password grant answers Sugar’s token shape and the token opens the API, in the OAuth-Token header or as a bearer token', async () => {
    const tokens = await passwordGrant(emu);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_expires_in: 1_209_600, access_token: expect.any(String), refresh_token: expect.any(String) });
    await expect(me(tokens.access_token)).resolves.toMatchObject({ status: 200, body: { current_user: { user_name: 'crm-sync', id: emu.store.apiUserId } } });
    await expect(me(tokens.access_token, 'Authorization')).resolves.toMatchObject({ status: 200 });
  });

  it('refuses a wrong password with 401 need_login, an unregistered platform with 400, a missing token with need_login and an unknown one with invalid_grant', async () => {
    await expect(tokenRequest(emu, { grant_type: 'password', client_id: 'sugar', client_secret: '', username: 'crm-sync', password: 'wrong', platform: DEMO_CREDENTIALS.platform }))
      .resolves.toMatchObject({ status: 401, body: { error: 'need_login', error_message: 'You must specify a valid username and password.' } });
    await expect(tokenRequest(emu, { ...DEMO_CREDENTIALS, grant_type: 'password', client_id: 'sugar', client_secret: '', platform: 'somewhere' })).resolves.toMatchObject({ status: 400, body: { error: 'invalid_parameter' } });
    const bare = await fetch(`${emu.restUrl}/Contacts`);
    expect(bare.status).toBe(401);
    await expect(bare.json()).resolves.toEqual({ error: 'need_login', error_message: 'No valid authentication for user.' });
    await expect(me('not-a-token')).resolves.toMatchObject({ status: 401, body: { error: 'invalid_grant' } });
  });

  it('an expired access token answers 401 invalid_grant; the refresh grant issues a new pair and spends the old refresh token', async () => {
    const first = await passwordGrant(emu);
    emu.expireAccessTokens();
    await expect(me(first.access_token)).resolves.toMatchObject({ status: 401, body: { error: 'invalid_grant', error_message: 'The access token provided is invalid.' } });
    const refreshed = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'sugar', client_secret: '', platform: DEMO_CREDENTIALS.platform });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    await expect(me(refreshed.body.access_token)).resolves.toMatchObject({ status: 200 });
    await expect(tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'sugar', client_secret: '', platform: DEMO_CREDENTIALS.platform }))
      .resolves.toMatchObject({ status: 400, body: { error: 'invalid_grant', error_message: 'Invalid refresh token' } });
    emu.expireRefreshTokens();
    await expect(tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: 'sugar', client_secret: '', platform: DEMO_CREDENTIALS.platform })).resolves.toMatchObject({ status: 400 });
    await expect(passwordGrant(emu)).resolves.toMatchObject({ access_token: expect.any(String) });
  });

  it('signing in again on the same platform ends the earlier session; other platforms and users keep theirs', async () => {
    const first = await passwordGrant(emu);
    const admin = await passwordGrant(emu, TEST_ADMIN_CREDENTIALS);
    const mobile = await passwordGrant(emu, { ...DEMO_CREDENTIALS, platform: 'mobile' });
    await passwordGrant(emu);
    await expect(me(first.access_token)).resolves.toMatchObject({ status: 401, body: { error: 'invalid_grant' } });
    await expect(me(admin.access_token)).resolves.toMatchObject({ status: 200 });
    await expect(me(mobile.access_token)).resolves.toMatchObject({ status: 200 });
  });

  it('token requests are not API calls: they are neither counted nor faulted', async () => {
    emu.stats.reset();
    emu.faults.failNext('SERVER_ERROR');
    const client = connect(emu);
    await client.token();
    expect(emu.stats.apiCalls).toBe(0);
    await expect(client.get('Contacts')).resolves.toMatchObject({ status: 500 });
    expect(emu.stats.apiCalls).toBe(1);
  });
});
