import { buildContactView } from '../../domain/contacts/build-contact-view';
import { hasAmbiguousMemberships, membershipLinkOf, personLinksFrom, roleLinkOf } from '../../domain/contacts/person-links';
import type { CrmModel } from '../../domain/crm/crm-model';
import type { ConnectionMapping } from '../../domain/mapping/mapping';
import type { Models } from '../../domain/models';
import { contactLinksKey, type ContactLinksDoc } from '../../domain/models/contact-links';
import { crmRecordKey } from '../../domain/models/crm-record';
import type { ContactViewCounts, ViewWriter } from './contact-views-writer';

/** Finds by `_id` in flight at once: each is ~1 ms on FerretDB, so a few overlap the round trips. */
const CONCURRENCY = 8;

/** What this run changed, as the people to rebuild and the deal links / memberships to re-link. */
export interface TouchedPeople {
  people: Set<string>;
  /** CRM ids of changed link records, by the part their object plays in the model. */
  linkRecords: { dealLink: Set<string>; membership: Set<string> };
}

/**
 * Reads the changed-record entries of the run (models/changed-record.ts); null once more than
 * `maxPeople` people are touched, when the full rebuild is the cheaper one.
 */
export async function readTouchedPeople(models: Models, model: CrmModel, runId: string, maxPeople: number): Promise<TouchedPeople | null> {
  const touched: TouchedPeople = { people: new Set(), linkRecords: { dealLink: new Set(), membership: new Set() } };
  for await (const change of models.ChangedRecord.find({ runId }, { object: 1, crmId: 1, people: 1 }).lean().cursor({ batchSize: 2000 })) {
    for (const person of change.people) touched.people.add(person);
    if (change.object === model.dealLink.object) touched.linkRecords.dealLink.add(change.crmId);
    if (change.object === model.membership.object) touched.linkRecords.membership.add(change.crmId);
    if (touched.people.size > maxPeople) return null;
  }
  return touched;
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(work));
}

/**
 * Brings the contact-links index in step with the changed link records: each changed role or
 * membership is dropped from every touched person's entry and added back, as it now stands, to the
 * person it names. Idempotent and independent of the order the changes happened in, so a retry or
 * a record changed twice in one run give the same index. Returns the index entries of touched people.
 */
async function relinkTouchedPeople(models: Models, model: CrmModel, connectionId: string, touched: TouchedPeople): Promise<Map<string, ContactLinksDoc>> {
  const current: ContactLinksDoc[] = [];
  const roleIds = [...touched.linkRecords.dealLink];
  const memberIds = [...touched.linkRecords.membership];
  const { dealLink, membership } = model;
  await inParallel(roleIds, async (id) => {
    const record = await models.crmRecords[dealLink.object].findById(crmRecordKey(connectionId, id), { crmId: 1, fields: 1 }).lean();
    const found = record ? roleLinkOf(dealLink, record.crmId, record.fields) : null;
    if (found) current.push({ _id: contactLinksKey(connectionId, found.personId), connectionId, roles: [found.link], memberships: [] });
  });
  await inParallel(memberIds, async (id) => {
    const record = await models.crmRecords[membership.object].findById(crmRecordKey(connectionId, id), { crmId: 1, fields: 1 }).lean();
    const found = record ? membershipLinkOf(membership, record.crmId, record.fields) : null;
    if (found) current.push({ _id: contactLinksKey(connectionId, found.personId), connectionId, roles: [], memberships: [found.link] });
  });
  // The person a record names now is among the touched ones unless it changed after the pull read it.
  for (const entry of current) touched.people.add(entry._id.slice(connectionId.length + 1));

  const changedRoles = new Set(roleIds);
  const changedMembers = new Set(memberIds);
  const entries = new Map<string, ContactLinksDoc>();
  const relinkNeeded = changedRoles.size + changedMembers.size > 0;
  await inParallel([...touched.people], async (personId) => {
    const key = contactLinksKey(connectionId, personId);
    const stored = await models.ContactLinks.findById(key).lean();
    const entry: ContactLinksDoc = { _id: key, connectionId, roles: stored?.roles ?? [], memberships: stored?.memberships ?? [] };
    if (relinkNeeded) {
      const mine = current.filter((c) => c._id === key);
      entry.roles = [...entry.roles.filter((r) => !changedRoles.has(r.id)), ...mine.flatMap((c) => c.roles)];
      entry.memberships = [...entry.memberships.filter((m) => !changedMembers.has(m.id)), ...mine.flatMap((c) => c.memberships)];
      const same = stored && JSON.stringify([stored.roles, stored.memberships]) === JSON.stringify([entry.roles, entry.memberships]);
      const nothingToStore = !stored && entry.roles.length + entry.memberships.length === 0;
      if (!same && !nothingToStore) await models.ContactLinks.updateOne({ _id: key }, { $set: { connectionId, roles: entry.roles, memberships: entry.memberships } }, { upsert: true });
    }
    entries.set(personId, entry);
  });
  return entries;
}

/** A person's contact view can no longer be rebuilt alone: the caller rebuilds every view instead. */
export class IncrementalRebuildUnsafe extends Error {}

/**
 * Rebuilds the views of the people this run touched, from their stored person record and their
 * contact-links entry: found by `_id` one by one, never by scanning a collection. A touched person
 * who is no longer stored loses their view.
 */
export async function rebuildTouchedViews(
  models: Models,
  input: { connectionId: string; model: CrmModel; mapping: ConnectionMapping | null; touched: TouchedPeople },
  writer: ViewWriter,
  result: ContactViewCounts,
): Promise<void> {
  const { connectionId, model, mapping, touched } = input;
  const links = await relinkTouchedPeople(models, model, connectionId, touched);
  const [leads, contacts] = [models.crmRecords[model.people.Lead.object], models.crmRecords[model.people.Contact.object]];
  const gone: string[] = [];
  await inParallel([...touched.people], async (personId) => {
    const key = crmRecordKey(connectionId, personId);
    const [lead, contact, view] = await Promise.all([
      leads.findById(key, { crmId: 1, fields: 1 }).lean(),
      contacts.findById(key, { crmId: 1, fields: 1 }).lean(),
      models.ContactView.findById(key, { contentHash: 1 }).lean(),
    ]);
    const entry = links.get(personId);
    if (entry && hasAmbiguousMemberships(entry.memberships)) throw new IncrementalRebuildUnsafe(`${personId} has two different memberships of one campaign`);
    // A full rebuild goes over leads, then contacts: with one id in both (no CRM we know reuses one) the contact's view wins.
    const record = contact ? { type: 'Contact' as const, doc: contact } : lead ? { type: 'Lead' as const, doc: lead } : null;
    if (!record) {
      if (view) gone.push(view._id);
      return;
    }
    const built = buildContactView({
      connectionId,
      type: record.type,
      person: model.people[record.type],
      crmId: record.doc.crmId,
      fields: record.doc.fields,
      mapping,
      links: entry ? personLinksFrom(entry.roles, entry.memberships) : { opportunityIds: [], campaignMemberships: [] },
    });
    await writer.offer(built, view?.contentHash);
  });
  await writer.flush();
  for (const id of gone) result.deleted += (await models.ContactView.deleteOne({ _id: id })).deletedCount;
}
