/**
 * The score push benchmark's list changes and checks: new scores for every member of a list (as a
 * program would set them), and the members whose score the emulated CRM does not hold.
 */
import type { Models } from '../../domain/models';
import type { ListMemberDoc } from '../../domain/models/list-member';
import type { BenchOrg } from './seed-org';

/** Member i gets score `base + i % 97`. Rewritten with one delete and insertMany: FerretDB v1 updates cost a table scan each. */
export async function rescoreList(models: Models, listId: string, base: number): Promise<void> {
  const members = (await models.ListMember.find({ listId }).sort({ crmId: 1 }).lean()) as ListMemberDoc[];
  const rescored = members.map((m, i) => ({ ...m, values: { ...m.values, behaviorScore: base + (i % 97) } }));
  await models.ListMember.deleteMany({ listId });
  for (let i = 0; i < rescored.length; i += 2_000) await models.ListMember.collection.insertMany(rescored.slice(i, i + 2_000) as never[], { ordered: false });
}

/** Members whose score in the emulator differs from the list's (the value it should have pushed). */
export async function scoresInCrm(org: Pick<BenchOrg, 'models' | 'emulator'>, listId: string): Promise<{ crmId: string; list: unknown; crm: unknown }[]> {
  const wrong: { crmId: string; list: unknown; crm: unknown }[] = [];
  for await (const m of org.models.ListMember.find({ listId }, { crmId: 1, type: 1, values: 1 }).lean().cursor({ batchSize: 5000 })) {
    const crm = org.emulator.store.get(m.type, m.crmId)?.Behavior_Score__c ?? null;
    const list = m.values?.behaviorScore ?? null;
    if (crm !== list) wrong.push({ crmId: m.crmId, list, crm });
  }
  return wrong;
}
