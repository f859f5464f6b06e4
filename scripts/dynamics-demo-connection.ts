import { sealConnection } from '../domain/connections/connection-secrets';
import type { Models } from '../domain/models';
import type { SecretBox } from '../domain/secrets/secret-box';

export const DYNAMICS_DEMO_CONNECTION_NAME = 'Demo Dynamics 365 (emulator)';

/**
 * The connection `npm start` creates once for the emulated Dataverse demo org. The emulator is both
 * the Entra ID authority and the environment, so both URLs follow its port. Returns its id.
 */
export async function ensureDynamicsDemoConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  emulator: { url: string; tenantId: string; clientId: string; clientSecret: string },
): Promise<{ id: string }> {
  const existing = await models.Connection.findOne({ name: DYNAMICS_DEMO_CONNECTION_NAME });
  if (existing) {
    if (existing.loginUrl !== emulator.url || existing.environmentUrl !== emulator.url) {
      await models.Connection.updateOne({ _id: existing._id }, { $set: { loginUrl: emulator.url, environmentUrl: emulator.url } });
    }
    return { id: String(existing._id) };
  }
  const created = await models.Connection.create(
    sealConnection(
      {
        crm: 'dynamics',
        name: DYNAMICS_DEMO_CONNECTION_NAME,
        loginUrl: emulator.url,
        environmentUrl: emulator.url,
        tenantId: emulator.tenantId,
        auth: { type: 'client_credentials', clientId: emulator.clientId, clientSecret: emulator.clientSecret },
      },
      box,
    ),
  );
  return { id: String(created._id) };
}
