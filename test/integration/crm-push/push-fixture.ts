import { DEMO_CREDENTIALS, type RunningEmulator } from '../../../sf-emulator';
import { SalesforceConnector } from '../../../domain/crm/salesforce/salesforce-connector';

/**
 * A connector logged in to the emulator with the demo org's password flow, with waits shortened so
 * retries and polls do not slow the suite; the retry counts are the production ones.
 */
export function pushConnector(emu: RunningEmulator, bulk: { maxWaitMs?: number } = {}): SalesforceConnector {
  return new SalesforceConnector(
    {
      kind: 'password',
      loginUrl: emu.url,
      apiVersion: '59.0',
      username: DEMO_CREDENTIALS.username,
      password: DEMO_CREDENTIALS.password,
      securityToken: DEMO_CREDENTIALS.securityToken,
    },
    {
      writeRetry: { baseDelayMs: 20, maxDelayMs: 200, lockDelayMs: 20 },
      bulk: { pollIntervalMs: 20, maxPollIntervalMs: 100, ...bulk },
    },
  );
}

/** Contacts stored straight into the org (no API calls), returning their ids in order. */
export function seedContacts(emu: RunningEmulator, n: number, prefix = 'Push'): string[] {
  return Array.from({ length: n }, (_, i) => emu.store.insert('Contact', { LastName: `${prefix} ${i}`, Behavior_Score__c: 0 }).Id);
}

export const SCORE_RULE = { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] };
