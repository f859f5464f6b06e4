/**
 * The SugarCRM org of the sync benchmark: the Sugar emulator with a generated org of the same
 * people count as the Salesforce one, a connection to it (the password grant on crm-sync's own
 * platform), and stamp-only changes for the incremental syncs.
 *
 * API:
 *   const org = await startSugarBenchOrg(ctx, people)   // a BenchSyncOrg for openBenchDatabase / runAdminSync
 *   changeSugarRecords(org, 0.001, seed)                 // → records changed
 *   await org.close();
 */
import { DEFAULT_SUGAR_API_VERSION } from '../../domain/connections/connection-input';
import { syncedObjectNames } from '../../domain/crm/crm-model';
import { OPPORTUNITY_CONTACTS, SUGAR_MODEL, TARGET_LIST_MEMBERS } from '../../domain/crm/sugar/sugar-model';
import { Prng } from '../../sf-emulator/prng';
import { DEMO_CREDENTIALS, orgSizeForPeople, startSugarEmulator, type RunningSugarEmulator } from '../../sugar-emulator';
import type { BenchContext } from './scenario';
import type { BenchSyncOrg } from './sync-bench';
import { timed } from './stats';

export interface SugarBenchOrg extends BenchSyncOrg {
  emulator: RunningSugarEmulator;
}

const PERSON_MODULES = new Set(['Leads', 'Contacts']);
/** Link objects have no module: their records are relationship rows the connector composes. */
const LINK_OBJECTS = new Set([OPPORTUNITY_CONTACTS, TARGET_LIST_MEMBERS]);

/** Records of a synced object as the connector composes them (a link object's are its live join rows of live people). */
function countRecords(emulator: RunningSugarEmulator, object: string): number {
  const { store } = emulator;
  if (object === OPPORTUNITY_CONTACTS) return store.relationshipRows('opportunities_contacts').filter((r) => store.get('Opportunities', r.lhsId) && store.get('Contacts', r.rhsId)).length;
  if (object === TARGET_LIST_MEMBERS) return store.list('ProspectLists').reduce((sum, l) => sum + store.listMembers(String(l.id)).filter((m) => PERSON_MODULES.has(m.module)).length, 0);
  return store.count(object);
}

export async function startSugarBenchOrg(ctx: Pick<BenchContext, 'log'>, people: number, seed = 1): Promise<SugarBenchOrg> {
  const { value: emulator, seconds } = await timed(() => startSugarEmulator({ org: orgSizeForPeople(people), seed }));
  const objects = syncedObjectNames(SUGAR_MODEL);
  const records = objects.reduce((sum, object) => sum + countRecords(emulator, object), 0);
  ctx.log(`emulated SugarCRM org of ${records.toLocaleString('en-US')} records (${people.toLocaleString('en-US')} people) generated in ${seconds.toFixed(1)} s`);
  return {
    emulator,
    records,
    objects,
    apiCalls: () => emulator.stats.apiCalls,
    operationsByEndpoint: () => ({ ...emulator.stats.byEndpoint }),
    connectionInput: (name) => ({
      crm: 'sugar',
      name: `${name} org`,
      loginUrl: emulator.url,
      apiVersion: DEFAULT_SUGAR_API_VERSION,
      platform: DEMO_CREDENTIALS.platform,
      auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
    }),
    close: () => emulator.close(),
  };
}

/**
 * Changes `share` of every synced module's records (seeded, as the Salesforce scenario's
 * changeOrgRecords), returns how many. Link objects are left alone: a stamp-only save of a join row
 * is nothing a Sugar user can do, and their reads follow their parents' changes.
 */
export function changeSugarRecords(org: SugarBenchOrg, share: number, seed: number): number {
  const random = new Prng(seed);
  const { store } = org.emulator;
  let changed = 0;
  for (const object of org.objects.filter((o) => !LINK_OBJECTS.has(o))) {
    const ids = store.list(object).map((row) => String(row.id));
    const count = Math.round(ids.length * share);
    for (let i = 0; i < count; i += 1) {
      const index = random.int(0, ids.length - 1);
      // A stamp-only save: a new date_modified is what any edit leaves.
      store.update(object, ids[index], {});
      ids[index] = ids[ids.length - 1];
      ids.pop();
      changed += 1;
    }
  }
  return changed;
}
