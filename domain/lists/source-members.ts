/**
 * Who is in a list's source right now, read from the local copy the CRM Administration sync keeps
 * (contact views), never from the CRM: a campaign's members, all Leads, all Contacts, or the Leads
 * or Contacts a saved WHERE clause selects.
 */
import type { CrmFieldDescribe } from '../crm/connector';
import type { Models } from '../models';
import type { ContactViewDoc } from '../models/contact-view';
import { parseWhereClause, matchesWhere } from './soql-where';

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

type SourceModels = Pick<Models, 'ContactView' | 'crmRecords'>;
export type SourceView = Pick<ContactViewDoc, 'crmId' | 'type' | 'values' | 'accountId' | 'ownerId'>;

const VIEW_FIELDS = { crmId: 1, type: 1, values: 1, accountId: 1, ownerId: 1 } as const;

/**
 * Ids of the records a WHERE clause selects, evaluated over the local copy of the object. This runs
 * on the worker, which `npm start` shares with the API, so it must not hold the event loop: the
 * cursor gives it back at every batch of 2,000 records, and a batch takes milliseconds because
 * every comparison is linear in the record's value (LIKE included: soql-where-like.ts, with its
 * pattern capped when the list is saved). No extra yielding is needed at that cost.
 */
async function idsMatchingWhere(models: SourceModels, connectionId: string, source: ListSource, now: Date) {
  const object = source.object === 'Contact' ? 'Contact' : 'Lead';
  const parsed = parseWhereClause(source.where ?? '', object, source.whereFields ?? []);
  if (!parsed.ok) throw new ListSourceInvalidError(`the list's WHERE clause no longer parses: ${parsed.problem}`);
  const ids = new Set<string>();
  for await (const record of models.crmRecords[object].find({ connectionId }, { crmId: 1, fields: 1 }).lean().cursor({ batchSize: 2000 })) {
    if (matchesWhere(parsed.clause, record.fields, now)) ids.add(record.crmId);
  }
  return ids;
}

/**
 * The contact views of the source's people, streamed. A WHERE clause is evaluated with the field
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
    case 'soql': {
      selected = await idsMatchingWhere(models, connectionId, source, now);
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
