import { buildContactView } from '../../domain/contacts/build-contact-view';
import { membershipLinkOf, personLinksFrom, roleLinkOf } from '../../domain/contacts/person-links';
import { PERSON_TYPES, type CrmModel } from '../../domain/crm/crm-model';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { ConnectionMapping } from '../../domain/mapping/mapping';
import type { Models } from '../../domain/models';
import { contactLinksKey, type ContactLinksDoc } from '../../domain/models/contact-links';
import type { ContactViewCounts, ViewWriter } from './contact-views-writer';

const BATCH = 1000;
const INDEX_BATCH = 2000;

const projectionOf = (fields: (string | null)[]) => Object.fromEntries([['crmId', 1], ...fields.filter((f): f is string => f !== null).map((f) => [`fields.${f}`, 1])]);

/** One scan of the connection's deal links and memberships, grouped by the person they name. */
async function loadAllLinks(models: Models, model: CrmModel, connectionId: string): Promise<Map<string, ContactLinksDoc>> {
  const links = new Map<string, ContactLinksDoc>();
  const of = (personId: string) => {
    let entry = links.get(personId);
    if (!entry) links.set(personId, (entry = { _id: contactLinksKey(connectionId, personId), connectionId, roles: [], memberships: [] }));
    return entry;
  };
  const { dealLink, membership } = model;
  const roles = models.crmRecords[dealLink.object].find({ connectionId }, projectionOf([dealLink.personField, dealLink.dealField])).lean().cursor({ batchSize: 2000 });
  for await (const role of roles) {
    const found = roleLinkOf(dealLink, role.crmId, role.fields);
    if (found) of(found.personId).roles.push(found.link);
  }
  const members = models.crmRecords[membership.object]
    .find({ connectionId }, projectionOf([...membership.personFields, membership.campaignField, membership.statusField, membership.respondedField]))
    .lean()
    .cursor({ batchSize: 2000 });
  for await (const member of members) {
    const found = membershipLinkOf(membership, member.crmId, member.fields);
    if (found) of(found.personId).memberships.push(found.link);
  }
  return links;
}

const linkContent = (doc: Pick<ContactLinksDoc, 'roles' | 'memberships'>) => JSON.stringify([doc.roles, doc.memberships]);

/**
 * Makes the connection's contact-links index equal the links just read, writing only what differs:
 * deleting and re-inserting every entry would cost a full rebuild more than the views themselves.
 */
async function syncLinksIndex(models: Models, connectionId: string, links: Map<string, ContactLinksDoc>): Promise<void> {
  const stored = new Map<string, string>();
  for await (const doc of models.ContactLinks.find({ connectionId }, { roles: 1, memberships: 1 }).lean().cursor({ batchSize: 2000 })) {
    stored.set(doc._id, linkContent({ roles: doc.roles ?? [], memberships: doc.memberships ?? [] }));
  }
  const fresh: ContactLinksDoc[] = [];
  const changed: ContactLinksDoc[] = [];
  for (const doc of links.values()) {
    const content = stored.get(doc._id);
    if (content === undefined) fresh.push(doc);
    else if (content !== linkContent(doc)) changed.push(doc);
    stored.delete(doc._id);
  }
  for (let i = 0; i < fresh.length; i += INDEX_BATCH) await models.ContactLinks.insertMany(fresh.slice(i, i + INDEX_BATCH), { ordered: false });
  await bulkWriteInChunks(
    models.ContactLinks,
    changed.map(({ _id, roles, memberships }) => ({ updateOne: { filter: { _id }, update: { $set: { roles, memberships } } } })),
  );
  const gone = [...stored.keys()];
  for (let i = 0; i < gone.length; i += BATCH) await models.ContactLinks.deleteMany({ _id: { $in: gone.slice(i, i + BATCH) } });
}

/**
 * Rebuilds the view of every person (both kinds) of the connection from one scan of each view source,
 * removes the views of people gone, and brings the contact-links index in step for later incremental runs.
 */
export async function rebuildAllViews(
  models: Models,
  input: { connectionId: string; model: CrmModel; mapping: ConnectionMapping | null },
  writer: ViewWriter,
  result: ContactViewCounts,
): Promise<void> {
  const { connectionId, model, mapping } = input;
  const links = await loadAllLinks(models, model, connectionId);
  const existing = new Map<string, string>();
  for await (const view of models.ContactView.find({ connectionId }, { contentHash: 1 }).lean().cursor({ batchSize: 2000 })) {
    existing.set(view._id, view.contentHash);
  }
  const seen = new Set<string>();
  for (const type of PERSON_TYPES) {
    const person = model.people[type];
    for await (const record of models.crmRecords[person.object].find({ connectionId }, { crmId: 1, fields: 1 }).lean().cursor({ batchSize: 2000 })) {
      const personLinks = links.get(record.crmId);
      const view = buildContactView({
        connectionId,
        type,
        person,
        crmId: record.crmId,
        fields: record.fields,
        mapping,
        links: personLinks ? personLinksFrom(personLinks.roles, personLinks.memberships) : { opportunityIds: [], campaignMemberships: [] },
      });
      seen.add(view._id);
      await writer.offer(view, existing.get(view._id));
    }
  }
  await writer.flush();
  const gone = [...existing.keys()].filter((id) => !seen.has(id));
  for (let i = 0; i < gone.length; i += BATCH) {
    result.deleted += (await models.ContactView.deleteMany({ _id: { $in: gone.slice(i, i + BATCH) } })).deletedCount;
  }
  await syncLinksIndex(models, connectionId, links);
}
