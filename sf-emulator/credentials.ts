/** The demo org's login. Used by tests, demos and `npm start`; never valid anywhere but the emulator. */
export const DEMO_CREDENTIALS: { username: string; password: string; securityToken: string; clientId: string; clientSecret: string } = {
  username: 'admin@demo-org.example.com',
  password: 'demo-password-1',
  securityToken: 'DEMOTOKEN123',
  clientId: 'crm-sync-demo-client',
  clientSecret: 'demo-client-secret',
};
