import { Context } from '@temporalio/activity';
import { buildContactView, type ContactViewContent, type PersonLinks } from '../../domain/contacts/build-contact-view';
import { parseConnectionMapping, type ConnectionMapping } from '../../domain/mapping/mapping';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { Models } from '../../domain/models';
import type { ObjectCounts } from '../../workflows/contract';

/** Objects whose changes alter contact views (Account and User are linked by id only). */
const VIEW_SOURCES = ['Lead', 'Contact', 'OpportunityContactRole', 'CampaignMember'];
const BATCH = 1000;

function storedMapping(raw: unknown): ConnectionMapping | null {
  if (!raw) return null;
  try {
    return parseConnectionMapping(raw);
  } catch {
    return null;
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

async function loadLinks(models: Models, connectionId: string): Promise<Map<string, PersonLinks & { opportunityIds: string[] }>> {
  const links = new Map<string, PersonLinks & { opportunityIds: string[] }>();
  const of = (personId: string) => {
    let entry = links.get(personId);
    if (!entry) links.set(personId, (entry = { opportunityIds: [], campaignMemberships: [] }));
    return entry;
  };
  const roles = models.crmRecords.OpportunityContactRole.find({ connectionId }, { 'fields.ContactId': 1, 'fields.OpportunityId': 1 }).lean().cursor({ batchSize: 2000 });
  for await (const role of roles) {
    const contactId = str(role.fields.ContactId);
    const opportunityId = str(role.fields.OpportunityId);
    if (contactId && opportunityId) of(contactId).opportunityIds.push(opportunityId);
  }
  const members = models.crmRecords.CampaignMember.find(
    { connectionId },
    { 'fields.LeadId': 1, 'fields.ContactId': 1, 'fields.CampaignId': 1, 'fields.Status': 1, 'fields.HasResponded': 1 },
  )
    .lean()
    .cursor({ batchSize: 2000 });
  for await (const member of members) {
    const personId = str(member.fields.ContactId) ?? str(member.fields.LeadId);
    const campaignId = str(member.fields.CampaignId);
    if (!personId || !campaignId) continue;
    const hasResponded = typeof member.fields.HasResponded === 'boolean' ? member.fields.HasResponded : null;
    of(personId).campaignMemberships.push({ campaignId, status: str(member.fields.Status), hasResponded });
  }
  return links;
}

export interface ContactViewCounts {
  rebuilt: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  valueErrors: number;
}

export function createContactViewActivity(deps: { models: Models }) {
  const { models } = deps;
  return {
    /**
     * Rebuilds the contact view of every Lead and Contact of the connection when this run changed a
     * person, a contact role or a campaign membership, or the mapping changed since the last build.
     * Unchanged views (same content hash) are not written; error entries are recorded for the run.
     */
    async rebuildContactViews(input: { connectionId: string; runId: string }): Promise<ContactViewCounts> {
      const { connectionId, runId } = input;
      const connection = await models.Connection.findById(connectionId, { mapping: 1, mappingUpdatedAt: 1, contactViewsBuiltAt: 1 }).lean();
      const run = await models.Run.findById(runId, { counts: 1 }).lean();
      type Counted = Partial<ObjectCounts> & { calculatedUpdated?: number; drift?: { removed: number; restored: number } };
      const counts = (run?.counts ?? {}) as Record<string, Counted>;
      const sourcesChanged = VIEW_SOURCES.some((o) => {
        const c = counts[o];
        return c && (c.inserted ?? 0) + (c.updated ?? 0) + (c.deleted ?? 0) + (c.calculatedUpdated ?? 0) + (c.drift?.removed ?? 0) + (c.drift?.restored ?? 0) > 0;
      });
      const builtAt = connection?.contactViewsBuiltAt;
      const mappingChanged = !builtAt || (connection?.mappingUpdatedAt && connection.mappingUpdatedAt > builtAt);
      const result: ContactViewCounts = { rebuilt: false, inserted: 0, updated: 0, unchanged: 0, deleted: 0, valueErrors: 0 };
      if (!sourcesChanged && !mappingChanged) {
        await models.Run.updateOne({ _id: runId }, { $set: { contactViews: result } });
        return result;
      }
      await models.Run.updateOne({ _id: runId }, { $set: { progress: { object: 'contacts', phase: 'contact views' } } });
      const startedAt = new Date();
      const mapping = storedMapping(connection?.mapping);
      const links = await loadLinks(models, connectionId);
      const existing = new Map<string, string>();
      for await (const view of models.ContactView.find({ connectionId }, { contentHash: 1 }).lean().cursor({ batchSize: 2000 })) {
        existing.set(view._id, view.contentHash);
      }
      const seen = new Set<string>();
      const errorsByType = { Lead: 0, Contact: 0 };
      let inserts: ContactViewContent[] = [];
      let updates: ContactViewContent[] = [];
      const flush = async () => {
        const updatedAt = new Date();
        if (inserts.length > 0) await models.ContactView.insertMany(inserts.map((v) => ({ ...v, updatedAt })), { ordered: false });
        if (updates.length > 0) {
          await bulkWriteInChunks(
            models.ContactView,
            updates.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $set: { ...rest, updatedAt } } } })),
          );
        }
        const errors = [...inserts, ...updates].flatMap((v) =>
          v.valueErrors.map((e) => ({ runId, connectionId, object: v.type, recordId: v.crmId, field: e.field, crmField: e.crmField, rawValue: e.rawValue, reason: e.reason, createdAt: updatedAt })),
        );
        if (errors.length > 0) await models.SyncError.insertMany(errors, { ordered: false });
        result.valueErrors += errors.length;
        for (const e of errors) errorsByType[e.object as 'Lead' | 'Contact'] += 1;
        inserts = [];
        updates = [];
        Context.current().heartbeat(result);
      };
      for (const type of ['Lead', 'Contact'] as const) {
        for await (const record of models.crmRecords[type].find({ connectionId }, { crmId: 1, fields: 1 }).lean().cursor({ batchSize: 2000 })) {
          const view = buildContactView({
            connectionId,
            type,
            crmId: record.crmId,
            fields: record.fields,
            mapping,
            links: links.get(record.crmId) ?? { opportunityIds: [], campaignMemberships: [] },
          });
          seen.add(view._id);
          const hash = existing.get(view._id);
          if (hash === undefined) (inserts.push(view), result.inserted++);
          else if (hash !== view.contentHash) (updates.push(view), result.updated++);
          else result.unchanged++;
          if (inserts.length + updates.length >= BATCH) await flush();
        }
      }
      await flush();
      const gone = [...existing.keys()].filter((id) => !seen.has(id));
      for (let i = 0; i < gone.length; i += BATCH) {
        result.deleted += (await models.ContactView.deleteMany({ _id: { $in: gone.slice(i, i + BATCH) } })).deletedCount;
      }
      result.rebuilt = true;
      await models.Connection.updateOne({ _id: connectionId }, { $set: { contactViewsBuiltAt: startedAt } });
      await models.Run.updateOne({ _id: runId }, { $set: { contactViews: result, 'counts.Lead.errors': errorsByType.Lead, 'counts.Contact.errors': errorsByType.Contact } });
      return result;
    },
  };
}
