/**
 * The demo instance's API user for crm-sync: OAuth 2.0 password grant with Sugar's stock `sugar`
 * client (empty secret) and a platform of its own, so its sessions never log out a browser user's.
 * Never valid anywhere but the emulator.
 */
export const DEMO_CREDENTIALS = {
  username: 'crm-sync',
  password: 'demo-sugar-password',
  clientId: 'sugar',
  clientSecret: '',
  platform: 'crm_sync',
} as const;

/**
 * A second user (an administrator), for tests that act on the org through the API as someone other
 * than crm-sync: its deletes are counted but stay out of the delete ledger.
 */
export const TEST_ADMIN_CREDENTIALS = {
  username: 'admin',
  password: 'test-admin-password',
  clientId: 'sugar',
  clientSecret: '',
  platform: 'base',
} as const;

/** Platforms a caller may name; Sugar refuses others unless an admin registered them (Admin > Configure API Platforms). */
export const KNOWN_PLATFORMS = ['base', 'mobile', 'portal', 'api', DEMO_CREDENTIALS.platform] as const;

/** The calling client each user is recorded as in the stats and the delete ledger. */
export function clientNameOf(username: string): string {
  return username === DEMO_CREDENTIALS.username ? 'crm-sync' : username === TEST_ADMIN_CREDENTIALS.username ? 'test-admin' : username;
}
