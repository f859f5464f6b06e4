import type { Models } from '../models';
import { createSecretBox, loadSecretKey, SecretKeyError } from './secret-box';

/** One secret sealed in the database (a connection's credentials, the alert webhook), or null when there is none. */
async function findSealedSecret(models: Pick<Models, 'Connection' | 'AlertSettings'>): Promise<string | null> {
  const connection = await models.Connection.findOne({}, { 'auth.sealedSecrets': 1 }).lean();
  if (connection?.auth?.sealedSecrets) return connection.auth.sealedSecrets;
  const alerts = await models.AlertSettings.findOne({ sealedWebhookUrl: { $ne: null } }, { sealedWebhookUrl: 1 }).lean();
  return alerts?.sealedWebhookUrl ?? null;
}

/**
 * The composition roots' key: the configured one, checked against what the database holds. A
 * missing key file while sealed secrets exist, or a key that does not open them, stops the start
 * with the file or variable to fix, instead of 500s on every connection later.
 */
export async function loadStoredSecretKey(source: { base64?: string; file: string }, models: Pick<Models, 'Connection' | 'AlertSettings'>): Promise<Buffer> {
  const sample = await findSealedSecret(models);
  const key = loadSecretKey(source, { createIfMissing: sample === null });
  if (sample !== null) {
    try {
      createSecretBox(key).open(sample);
    } catch {
      const from = source.base64 ? 'CRM_SYNC_SECRET_KEY' : `the key file ${source.file}`;
      throw new SecretKeyError(`The secret key from ${from} does not open the CRM secrets stored in the database: configure the key they were sealed with`);
    }
  }
  return key;
}
