import { sealConnection } from '../domain/connections/connection-secrets';
import type { ConnectionMapping } from '../domain/mapping/mapping';
import type { Models } from '../domain/models';
import type { SecretBox } from '../domain/secrets/secret-box';

export const DEMO_CONNECTION_NAME = 'Demo org (emulator)';

const both = (crmField: string, target: ConnectionMapping['entries'][number]['target']) =>
  (['Lead', 'Contact'] as const).map((crmObject) => ({ crmObject, crmField, target }));

/** The demo org's mapping: standard fields plus the emulator's marketing custom fields, one of them the score. */
export const DEMO_MAPPING: ConnectionMapping = {
  pushPolicy: { default: 'deny' },
  entries: [
    ...both('Email', { kind: 'standard', field: 'email' }),
    ...both('FirstName', { kind: 'standard', field: 'firstName' }),
    ...both('LastName', { kind: 'standard', field: 'lastName' }),
    ...both('Title', { kind: 'standard', field: 'title' }),
    ...both('Phone', { kind: 'standard', field: 'phone' }),
    { crmObject: 'Lead', crmField: 'Company', target: { kind: 'standard', field: 'company' } },
    ...both('Behavior_Score__c', { kind: 'custom', name: 'behaviorScore', type: 'Score' }),
    ...both('Newsletter_Opt_In__c', { kind: 'custom', name: 'newsletterOptIn', type: 'Boolean' }),
    ...both('Customer_Tier__c', { kind: 'custom', name: 'customerTier', type: 'Text' }),
    ...both('Interests__c', { kind: 'custom', name: 'interests', type: 'MultiText' }),
    ...both('Last_Webinar_Date__c', { kind: 'custom', name: 'lastWebinarDate', type: 'Date' }),
  ],
};

/**
 * The connection `npm start` creates once for the emulated demo org, with a ready mapping; its
 * login URL follows the emulator's port. Returns its id and whether it has never been synced.
 */
export async function ensureDemoConnection(
  models: Pick<Models, 'Connection' | 'SyncState'>,
  box: SecretBox,
  emulator: { url: string; username: string; password: string; securityToken: string },
): Promise<{ id: string; neverSynced: boolean }> {
  const existing = await models.Connection.findOne({ name: DEMO_CONNECTION_NAME });
  if (existing) {
    if (existing.loginUrl !== emulator.url) await models.Connection.updateOne({ _id: existing._id }, { $set: { loginUrl: emulator.url } });
    const id = String(existing._id);
    return { id, neverSynced: !(await models.SyncState.exists({ connectionId: id })) };
  }
  const created = await models.Connection.create({
    ...sealConnection(
      {
        name: DEMO_CONNECTION_NAME,
        loginUrl: emulator.url,
        auth: { type: 'password', username: emulator.username, password: emulator.password, securityToken: emulator.securityToken },
      },
      box,
    ),
    mapping: DEMO_MAPPING,
    mappingUpdatedAt: new Date(),
  });
  return { id: String(created._id), neverSynced: true };
}
