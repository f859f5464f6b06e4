import { DEMO_CREDENTIALS, startSugarEmulator, type RunningSugarEmulator, type SugarEmulatorOptions } from '../../../sugar-emulator';

/** A small instance: enough records for several pages, fast to generate. */
export const SMALL_ORG = { contacts: 60, leads: 40, accounts: 15, users: 5, opportunities: 30, campaigns: 5, lists: 6 } as const;

export type Credentials = { username: string; password: string; clientId: string; clientSecret: string; platform: string };

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  token_type: string;
  refresh_token: string;
  refresh_expires_in: number;
}

/** The raw answer of one request: status, parsed JSON body and headers. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Posts to the token endpoint as a connector would; answers whatever it answers. */
export async function tokenRequest(emu: RunningSugarEmulator, body: Record<string, unknown>): Promise<Answer<TokenAnswer & { error?: string; error_message?: string }>> {
  const response = await fetch(`${emu.restUrl}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as TokenAnswer, headers: response.headers };
}

export async function passwordGrant(emu: RunningSugarEmulator, creds: Credentials = DEMO_CREDENTIALS): Promise<TokenAnswer> {
  const answer = await tokenRequest(emu, { grant_type: 'password', client_id: creds.clientId, client_secret: creds.clientSecret, username: creds.username, password: creds.password, platform: creds.platform });
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface SugarClient {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  get<T = Record<string, unknown>>(path: string): Promise<Answer<T>>;
  /** The access token the client holds (fetched on first use). */
  token(): Promise<string>;
}

/** fetch against the REST API with an `OAuth-Token` header, signing in once with the password grant. */
export function connect(emu: RunningSugarEmulator, creds: Credentials = DEMO_CREDENTIALS): SugarClient {
  let token: string | undefined;
  const ensureToken = async () => (token ??= (await passwordGrant(emu, creds)).access_token);
  async function request<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${emu.restUrl}/${path}`, {
      method,
      headers: { 'OAuth-Token': await ensureToken(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }
  return { request, get: (path) => request('GET', path), token: ensureToken };
}

export async function startSmallEmulator(opts: SugarEmulatorOptions = {}): Promise<RunningSugarEmulator> {
  return startSugarEmulator({ org: { ...SMALL_ORG }, seed: 7, ...opts });
}

/** A page of the filter API. */
export interface Page {
  next_offset: number;
  records: Array<Record<string, unknown>>;
}
