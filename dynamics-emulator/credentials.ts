/**
 * The demo org's app registration (Microsoft Entra ID client credentials). Used by tests, demos and
 * `npm start`; never valid anywhere but the emulator.
 */
export const DEMO_CREDENTIALS = {
  tenantId: '7a1c6c8e-0d1b-4e8e-9f3a-2b5c9d0e4f61',
  clientId: '3f2e4d5c-6b7a-4890-8a1b-2c3d4e5f6a7b',
  clientSecret: 'demo-dynamics-client-secret',
  /** The application user the app signs in as (a systemuser row). */
  applicationUserEmail: 'crm-sync-app@demo-org.example.com',
} as const;

/**
 * A second app registration in the same tenant, for tests that must act on the org through the API
 * as someone other than crm-sync (its deletes are not crm-sync's and stay out of the delete ledger).
 */
export const TEST_ADMIN_CREDENTIALS = {
  tenantId: DEMO_CREDENTIALS.tenantId,
  clientId: '9b8a7c6d-5e4f-4321-9abc-def012345678',
  clientSecret: 'test-admin-client-secret',
} as const;

/** The calling client each app registration is recorded as in the stats and the delete ledger. */
export function clientNameOf(clientId: string): string {
  return clientId === DEMO_CREDENTIALS.clientId ? 'crm-sync' : clientId === TEST_ADMIN_CREDENTIALS.clientId ? 'test-admin' : clientId;
}
