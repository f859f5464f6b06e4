import { PERSON_TYPES } from '../../../domain/crm/crm-model';
import { Prng } from '../../../sf-emulator/prng';
import type { EmulatedOrg } from '../target';
import type { CrmModel } from '../../../domain/crm/crm-model';

/** What a round of CRM users' changes did, per object: the ids inserted, edited and deleted. */
export interface OrgChanges {
  inserted: Record<string, string[]>;
  edited: Record<string, string[]>;
  deleted: Record<string, string[]>;
}

/** Seeded choices without repeats. */
export function seededPicker(seed: number) {
  const random = new Prng(seed);
  return <T>(items: readonly T[], n: number): T[] => {
    const pool = [...items];
    return Array.from({ length: Math.min(n, pool.length) }, () => pool.splice(random.int(0, pool.length - 1), 1)[0] as T);
  };
}

export const changedCount = (changes: OrgChanges, object: string) =>
  (changes.inserted[object]?.length ?? 0) + (changes.edited[object]?.length ?? 0) + (changes.deleted[object]?.length ?? 0);

/**
 * What CRM users do between two syncs, at random: per person kind some edits, deletes and new
 * people; some accounts and deals edited; some people added to a list source. Objects come from the
 * CRM model. Memberships are not deleted here: some CRMs remove them without a trace (a Salesforce
 * campaign member has no recycle bin), which only the drift check sees (its own check).
 */
export function makeOrgChanges(org: EmulatedOrg, model: CrmModel, seed: number, round: string): OrgChanges {
  const pick = seededPicker(seed);
  const changes: OrgChanges = { inserted: {}, edited: {}, deleted: {} };
  const edit = (object: string, ids: string[]) => {
    ids.forEach((id, i) => org.editRecord(object, id, `${round} ${object} ${i}`));
    changes.edited[object] = ids;
  };
  for (const type of PERSON_TYPES) {
    const object = model.people[type].object;
    const [edited, deleted] = [pick(org.ids(object), 12), [] as string[]];
    deleted.push(...edited.splice(0, 3));
    edit(object, edited);
    deleted.forEach((id) => org.deleteRecord(object, id));
    changes.deleted[object] = deleted;
    changes.inserted[object] = Array.from({ length: 5 }, (_, i) => org.insertPerson(type, `${round} new ${type} ${i}`));
  }
  edit(model.account.object, pick(org.ids(model.account.object), 3));
  edit(model.deal.object, pick(org.ids(model.deal.object), 5));
  const listSource = org.listSourceIds()[0];
  const members = new Set(org.listMembers(listSource));
  const joining = pick(org.ids(model.people.Contact.object).filter((id) => !members.has(id)), 3);
  changes.inserted[model.membership.object] = joining.map((id) => org.addListMember(listSource, { type: 'Contact', id }));
  return changes;
}
