import { DEMO_CREDENTIALS } from './credentials';
import type { SfRecord } from './schema';
import type { OrgStore } from './store';

/** The org has one API user with a password: the demo admin. Salesforce wants the security token appended to the password. */
export function authenticateUser(store: OrgStore, username: string, passwordWithToken: string): SfRecord | undefined {
  if (username.toLowerCase() !== DEMO_CREDENTIALS.username.toLowerCase()) return undefined;
  if (passwordWithToken !== DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken) return undefined;
  const user = store.get('User', store.adminUserId);
  return user && user.IsActive !== false ? user : undefined;
}

export function adminUser(store: OrgStore): SfRecord | undefined {
  return store.get('User', store.adminUserId);
}
