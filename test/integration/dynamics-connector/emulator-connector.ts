import { DEMO_CREDENTIALS, startDynamicsEmulator, type DynamicsEmulatorOptions, type RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { DynamicsConnector, type DynamicsConnectorOptions } from '../../../domain/crm/dynamics/dynamics-connector';
import type { DynamicsCredentials } from '../../../domain/crm/credentials';

/** A small org: several pages of each table, quick to generate. */
export const SMALL_ORG = { contacts: 60, leads: 40, accounts: 15, users: 5, opportunities: 30, campaigns: 5, lists: 6 } as const;

export function startSmallEmulator(opts: DynamicsEmulatorOptions = {}): Promise<RunningDynamicsEmulator> {
  return startDynamicsEmulator({ org: { ...SMALL_ORG }, seed: 11, ...opts });
}

/** crm-sync's app registration against the emulator: the emulator is both the authority and the org. */
export function emulatorCredentials(emu: RunningDynamicsEmulator, secret: string = DEMO_CREDENTIALS.clientSecret): DynamicsCredentials {
  return { kind: 'dynamics', loginUrl: emu.url, environmentUrl: emu.url, apiVersion: '9.2', tenantId: DEMO_CREDENTIALS.tenantId, clientId: DEMO_CREDENTIALS.clientId, clientSecret: secret };
}

/** Short waits: the emulator's Retry-After is 1 s, backoffs need not be real-world long. */
export function connectTo(emu: RunningDynamicsEmulator, options: DynamicsConnectorOptions = {}): DynamicsConnector {
  return new DynamicsConnector(emulatorCredentials(emu), {
    call: { baseDelayMs: 20, maxDelayMs: 100, ...options.call },
    write: { roundDelayMs: 20, maxRoundDelayMs: 100, ...options.write },
  });
}
