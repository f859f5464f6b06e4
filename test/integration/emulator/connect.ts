import { Connection } from 'jsforce';
import { DEMO_CREDENTIALS, type RunningEmulator } from '../../../sf-emulator';

/** A jsforce connection logged in the way most orgs are: SOAP login with password + security token. */
export async function soapConnection(emu: RunningEmulator): Promise<Connection> {
  const conn = new Connection({ loginUrl: emu.url, version: '59.0' });
  await conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  return conn;
}

/** A connection holding only a token, so a 401 reaches the caller instead of triggering jsforce's re-login. */
export function tokenOnlyConnection(conn: Connection): Connection {
  return new Connection({ instanceUrl: conn.instanceUrl, accessToken: conn.accessToken ?? undefined, version: '59.0' });
}
