import type { ConnectionMapping, FieldMappingEntry } from '../../../domain/mapping/mapping';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';

type Agent = Awaited<ReturnType<typeof signIn>>;

export interface MappingFixture {
  emulator: RunningEmulator;
  t: AppUnderTest;
  admin: Agent;
  ops: Agent;
  marketer: Agent;
  /** A connection to the emulated org, created through the API as an admin would. */
  connectionId: string;
  close(): Promise<void>;
}

/** The demo org (its Lead and Contact carry Email, Behavior_Score__c and the formula Days_Since_Created__c), the app, one user per role. */
export async function startMappingFixture(name: string): Promise<MappingFixture> {
  const emulator = await startEmulator({ org: 'demo' });
  const t = await buildTestApp(name);
  const admin = await signIn(t.app, await createUser(t.models, 'admin'));
  const ops = await signIn(t.app, await createUser(t.models, 'ops'));
  const marketer = await signIn(t.app, await createUser(t.models, 'marketer'));
  const created = await admin.agent
    .post('/api/v1/connections')
    .set('x-csrf-token', admin.csrf)
    .send({ name: 'Demo org', loginUrl: emulator.url, auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken } })
    .expect(201);
  return {
    emulator,
    t,
    admin,
    ops,
    marketer,
    connectionId: String(created.body.id),
    async close() {
      await t.close();
      await emulator.close();
    },
  };
}

export const email = (crmObject: 'Lead' | 'Contact'): FieldMappingEntry => ({ crmObject, crmField: 'Email', target: { kind: 'standard', field: 'email' } });
export const score = (crmObject: 'Lead' | 'Contact', crmField = 'Behavior_Score__c'): FieldMappingEntry => ({ crmObject, crmField, target: { kind: 'custom', name: 'behaviorScore', type: 'Score' } });

/** Email on both objects and the behaviour score on both: a mapping the demo org accepts. */
export function demoMapping(extra: FieldMappingEntry[] = []): ConnectionMapping {
  return { entries: [email('Lead'), email('Contact'), score('Lead'), score('Contact'), ...extra], pushPolicy: { default: 'deny' } };
}
