import { DynamicsWebApi } from 'dynamics-web-api';
import { DEMO_CREDENTIALS, startDynamicsEmulator, type DynamicsEmulatorOptions, type RunningDynamicsEmulator } from '../../../dynamics-emulator';

/** A small org: enough rows for several pages, fast to generate. */
export const SMALL_ORG = { contacts: 60, leads: 40, accounts: 15, users: 5, opportunities: 30, campaigns: 5, lists: 6 } as const;

type Credentials = { tenantId: string; clientId: string; clientSecret: string };

/** Asks the emulator's Entra ID token endpoint for a client-credentials token, as a connector would. */
export async function fetchToken(emu: RunningDynamicsEmulator, creds: Credentials = DEMO_CREDENTIALS): Promise<{ access_token: string; expires_in: number; token_type: string }> {
  const response = await fetch(`${emu.url}/${creds.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret, scope: `${emu.url}/.default` }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { access_token: string; expires_in: number; token_type: string };
}

export interface Connected {
  api: DynamicsWebApi;
  /** Drops the cached token so the next request asks the token endpoint again (what a 401 handler does). */
  forgetToken(): void;
  tokenRequests(): number;
}

/** dynamics-web-api pointed at the emulator; onTokenRefresh caches the token until it is forgotten. */
export function connect(emu: RunningDynamicsEmulator, creds: Credentials = DEMO_CREDENTIALS): Connected {
  let cached: string | undefined;
  let requests = 0;
  const api = new DynamicsWebApi({
    serverUrl: emu.url,
    onTokenRefresh: async () => {
      if (!cached) {
        requests += 1;
        cached = (await fetchToken(emu, creds)).access_token;
      }
      return cached;
    },
  });
  return { api, forgetToken: () => (cached = undefined), tokenRequests: () => requests };
}

export async function startSmallEmulator(opts: DynamicsEmulatorOptions = {}): Promise<RunningDynamicsEmulator> {
  return startDynamicsEmulator({ org: { ...SMALL_ORG }, seed: 7, ...opts });
}

/** The raw HTTP answer, for headers dynamics-web-api does not expose (Preference-Applied, Retry-After). */
export async function rawGet(emu: RunningDynamicsEmulator, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const token = (await fetchToken(emu)).access_token;
  return fetch(`${emu.url}/api/data/v9.2/${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers } });
}
