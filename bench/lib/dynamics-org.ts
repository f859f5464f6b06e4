/**
 * The Dynamics 365 org of the sync benchmark: the Dataverse emulator with a generated org of the
 * same people count as the Salesforce one, a connection to it (client credentials, the emulator as
 * both Entra ID authority and environment), and stamp-only changes for the incremental syncs.
 *
 * API:
 *   const org = await startDynamicsBenchOrg(ctx, people)   // a BenchSyncOrg for openBenchDatabase / runAdminSync
 *   changeDynamicsRecords(org, 0.001, seed)                 // → rows changed
 *   await org.close();
 */
import { syncedObjectNames } from '../../domain/crm/crm-model';
import { DYNAMICS_MODEL } from '../../domain/crm/dynamics/dynamics-model';
import { DEMO_CREDENTIALS, orgSizeForPeople, startDynamicsEmulator, type RunningDynamicsEmulator } from '../../dynamics-emulator';
import { Prng } from '../../sf-emulator/prng';
import type { BenchContext } from './scenario';
import type { BenchSyncOrg } from './sync-bench';
import { timed } from './stats';

export interface DynamicsBenchOrg extends BenchSyncOrg {
  emulator: RunningDynamicsEmulator;
}

export async function startDynamicsBenchOrg(ctx: Pick<BenchContext, 'log'>, people: number, seed = 1): Promise<DynamicsBenchOrg> {
  const { value: emulator, seconds } = await timed(() => startDynamicsEmulator({ org: orgSizeForPeople(people), seed }));
  const objects = syncedObjectNames(DYNAMICS_MODEL);
  const records = objects.reduce((sum, table) => sum + emulator.store.count(table), 0);
  ctx.log(`emulated Dataverse org of ${records.toLocaleString('en-US')} rows (${people.toLocaleString('en-US')} people) generated in ${seconds.toFixed(1)} s`);
  return {
    emulator,
    records,
    objects,
    apiCalls: () => emulator.stats.apiCalls,
    operationsByEndpoint: () => ({ ...emulator.stats.byEndpoint }),
    connectionInput: (name) => ({
      crm: 'dynamics',
      name: `${name} org`,
      loginUrl: emulator.url,
      environmentUrl: emulator.url,
      tenantId: DEMO_CREDENTIALS.tenantId,
      auth: { type: 'client_credentials', clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
    }),
    close: () => emulator.close(),
  };
}

/** Changes `share` of every synced table's rows (seeded, as the Salesforce scenario's changeOrgRecords), returns how many. */
export function changeDynamicsRecords(org: DynamicsBenchOrg, share: number, seed: number): number {
  const random = new Prng(seed);
  const { store } = org.emulator;
  let changed = 0;
  for (const table of org.objects) {
    const primaryId = store.table(table).primaryId;
    const ids = store.list(table).map((row) => String(row[primaryId]));
    const count = Math.round(ids.length * share);
    for (let i = 0; i < count; i += 1) {
      const index = random.int(0, ids.length - 1);
      // A stamp-only update: a new modifiedon (and a change-tracking version) is what any edit leaves.
      store.update(table, ids[index], {});
      ids[index] = ids[ids.length - 1];
      ids.pop();
      changed += 1;
    }
  }
  return changed;
}
