/**
 * Who is in a list's source right now, read from the local copy the CRM Administration sync keeps
 * (contact views), never from the CRM: a campaign's (marketing list's) members, all leads, all
 * contacts, or the leads or contacts a saved filter selects.
 */
import type { CrmFieldDescribe } from '../crm/connector';
import { crmDefinition } from '../crm/crm-registry';
import type { Models } from '../models';
import type { ContactViewDoc } from '../models/contact-view';
import { requireListFilter } from './list-definition';

export interface ListSource {
  kind: string;
  campaignId?: string | null;
  where?: string | null;
  object?: string | null;
  whereFields?: CrmFieldDescribe[] | null;
}

/** The list's source cannot be read (a stored clause that no longer parses): retrying will not help. */
export class ListSourceInvalidError extends Error {
  override name = 'ListSourceInvalidError';
}

type SourceModels = Pick<Models, 'ContactView' | 'crmRecords' | 'Connection'>;
export type SourceView = Pick<ContactViewDoc, 'crmId' | 'type' | 'values' | 'accountId' | 'ownerId'>;

const VIEW_FIELDS = { crmId: 1, type: 1, values: 1, accountId: 1, ownerId: 1 } as const;

/**
 * Ids of the records a saved filter selects, evaluated over the local copy of the person object by
 * the CRM's list filter (resolved once per sync). This runs on the worker, which `npm start` shares
 * with the API, so it must not hold the event loop: the cursor gives it back at every batch of 2,000
 * records, and a batch takes milliseconds because the filters' comparisons are linear in the record's
 * value (patterns capped when the list is saved). No extra yielding is needed at that cost.
 */
async function idsMatchingFilter(models: SourceModels, connectionId: string, source: ListSource, now: Date) {
  const type = source.object === 'Contact' ? 'Contact' : 'Lead';
  const connection = await models.Connection.findById(connectionId, { crm: 1 }).lean();
  const definition = crmDefinition(connection?.crm);
  const filter = requireListFilter(definition);
  const parsed = filter.parse(source.where ?? '', type, source.whereFields ?? []);
  if (!parsed.ok) throw new ListSourceInvalidError(`the list's filter no longer parses: ${parsed.problem}`);
  const ids = new Set<string>();
  const records = models.crmRecords[definition.model.people[type].object].find({ connectionId }, { crmId: 1, fields: 1 }).lean().cursor({ batchSize: 2000 });
  for await (const record of records) {
    if (filter.matches(parsed.compiled, record.fields, now)) ids.add(record.crmId);
  }
  return ids;
}

/**
 * The contact views of the source's people, streamed. A filter is evaluated with the field
 * types stored when the list was created, so a list sync makes no CRM call for it.
 */
export async function* sourceMemberViews(models: SourceModels, connectionId: string, source: ListSource, now: Date): AsyncGenerator<SourceView> {
  let filter: Record<string, unknown>;
  let selected: Set<string> | undefined;
  switch (source.kind) {
    case 'campaign':
      filter = { connectionId, campaignIds: source.campaignId };
      break;
    case 'all_leads':
      filter = { connectionId, type: 'Lead' };
      break;
    case 'all_contacts':
      filter = { connectionId, type: 'Contact' };
      break;
    case 'filter': {
      selected = await idsMatchingFilter(models, connectionId, source, now);
      filter = { connectionId, type: source.object === 'Contact' ? 'Contact' : 'Lead' };
      break;
    }
    default:
      throw new Error(`unknown list source '${source.kind}'`);
  }
  for await (const view of models.ContactView.find(filter, VIEW_FIELDS).lean().cursor({ batchSize: 2000 })) {
    if (!selected || selected.has(view.crmId)) yield view as SourceView;
  }
}
