import type { ListMemberRef } from '../connector';
import type { DynamicsReader } from './dynamics-reader';
import { assertGuid } from './dynamics-records';

/** What a marketing list targets (`createdfromcode`): only people are list members for the core. */
const PERSON_LISTS: Record<number, { type: ListMemberRef['type']; table: string; association: string }> = {
  2: { type: 'Contact', table: 'contact', association: 'listcontact_association' },
  4: { type: 'Lead', table: 'lead', association: 'listlead_association' },
};

interface MarketingList {
  type?: boolean;
  createdfromcode?: number;
  query?: string | null;
}

/**
 * Who is in a marketing list now. A static list's members are its association rows, read from the
 * list's side (`lists(id)/listcontact_association`) page by page; a dynamic list has no member rows
 * at all: its members are whoever its saved FetchXML query matches now, so the query is run. A list
 * of accounts has no people in it.
 */
export async function fetchMarketingListMembers(reader: DynamicsReader, listId: string): Promise<ListMemberRef[]> {
  const id = assertGuid(listId);
  const list = await reader.retrieve<MarketingList>('lists', id, ['type', 'createdfromcode', 'query']);
  const target = PERSON_LISTS[Number(list.createdfromcode)];
  if (!target) return [];
  const table = await reader.table(target.table);
  const ids = list.type
    ? await reader.runFetchXml(table, String(list.query ?? ''))
    : await reader.readAllIds(`lists(${id})/${target.association}`, table.primaryId);
  return [...new Set(ids)].map((memberId) => ({ id: memberId, type: target.type }));
}
