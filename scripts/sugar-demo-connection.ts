import { DEFAULT_SUGAR_API_VERSION } from '../domain/connections/connection-input';
import { sealConnection } from '../domain/connections/connection-secrets';
import type { Models } from '../domain/models';
import type { SecretBox } from '../domain/secrets/secret-box';

export const SUGAR_DEMO_CONNECTION_NAME = 'Demo SugarCRM (emulator)';

/**
 * The connection `npm start` creates once for the emulated SugarCRM demo instance; the instance URL
 * follows the emulator's port. Returns its id.
 */
export async function ensureSugarDemoConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  emulator: { url: string; username: string; password: string; clientId: string; clientSecret: string; platform: string },
): Promise<{ id: string }> {
  const existing = await models.Connection.findOne({ name: SUGAR_DEMO_CONNECTION_NAME });
  if (existing) {
    if (existing.loginUrl !== emulator.url) await models.Connection.updateOne({ _id: existing._id }, { $set: { loginUrl: emulator.url } });
    return { id: String(existing._id) };
  }
  const created = await models.Connection.create(
    sealConnection(
      {
        crm: 'sugar',
        name: SUGAR_DEMO_CONNECTION_NAME,
        loginUrl: emulator.url,
        apiVersion: DEFAULT_SUGAR_API_VERSION,
        platform: emulator.platform,
        auth: { type: 'password', username: emulator.username, password: emulator.password, clientId: emulator.clientId, clientSecret: emulator.clientSecret },
      },
      box,
    ),
  );
  return { id: String(created._id) };
}
