import { sealConnection } from '../domain/connections/connection-secrets';
import type { Models } from '../domain/models';
import type { SecretBox } from '../domain/secrets/secret-box';

export const DEMO_CONNECTION_NAME = 'Demo org (emulator)';

/** The connection `npm start` creates once for the emulated demo org; its login URL follows the emulator's port. */
export async function ensureDemoConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  emulator: { url: string; username: string; password: string; securityToken: string },
): Promise<string> {
  const existing = await models.Connection.findOne({ name: DEMO_CONNECTION_NAME });
  if (existing) {
    if (existing.loginUrl !== emulator.url) await models.Connection.updateOne({ _id: existing._id }, { $set: { loginUrl: emulator.url } });
    return String(existing._id);
  }
  const created = await models.Connection.create(
    sealConnection(
      {
        name: DEMO_CONNECTION_NAME,
        loginUrl: emulator.url,
        auth: { type: 'password', username: emulator.username, password: emulator.password, securityToken: emulator.securityToken },
      },
      box,
    ),
  );
  return String(created._id);
}
