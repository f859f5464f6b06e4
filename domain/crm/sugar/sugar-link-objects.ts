import type { ChangeCursor, CrmRecord, ListMemberRef } from '../connector';
import { KEYSET_ORDER, keysetFilter, sugarDateTime, type SugarFilter } from './sugar-filter';
import { MAX_PAGE_SIZE, type SugarReader, type SugarRow } from './sugar-reader';
import { STAMP_FIELD, toIsoStamp } from './sugar-records';

/**
 * Target List membership and opportunity contacts, composed from record links. The REST API has no
 * module for a relationship's join rows and relating records moves neither record's date_modified,
 * so each link record is read by keyset on the stamp of the record it hangs off (the member, the
 * opportunity) and every other change is found by the id diff the core runs on each incremental
 * sync of these objects (their model says `id-diff`).
 *
 * Ids are `<keyset side>:<other side>`: both sides are fixed-length GUIDs, so the id order is the
 * order of the keyset side first, and a page in (stamp, id) order follows the parent's keyset. The
 * parent's stamp orders the reads (systemModstamp) but is no field of the link record: an edit of
 * the member or the opportunity does not change the membership or the role.
 */

type Page = { records: CrmRecord[]; done: boolean };
type LinkPage = { records?: SugarRow[]; next_offset?: number };

const PERSON_LINKS = [
  { link: 'contacts', module: 'Contacts' },
  { link: 'leads', module: 'Leads' },
] as const;

export const splitLinkId = (id: string): [string, string] => {
  const at = id.indexOf(':');
  return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
};

/** Whether (stamp, id) comes after the cursor. */
function isAfter(record: CrmRecord, after: ChangeCursor | undefined): boolean {
  if (!after) return true;
  const a = Date.parse(record.systemModstamp ?? '');
  const b = Date.parse(after.stamp);
  return a > b || (a === b && record.id > after.id);
}

const byStampAndId = (x: CrmRecord, y: CrmRecord) => Date.parse(x.systemModstamp ?? '') - Date.parse(y.systemModstamp ?? '') || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** A keyset on the parent that takes the parent at the cursor again (its other link records may follow the cursor). */
function parentKeyset(request: { since?: string; after?: ChangeCursor }): SugarFilter {
  if (!request.after) return keysetFilter(request);
  const stamp = sugarDateTime(request.after.stamp);
  const [parentId] = splitLinkId(request.after.id);
  return [
    ...keysetFilter({ since: request.since }),
    { $or: [{ [STAMP_FIELD]: { $gt: stamp } }, { $and: [{ [STAMP_FIELD]: { $equals: stamp } }, { id: { $gte: parentId } }] }] },
  ];
}

export class TargetListMembers {
  private lists?: Promise<string[]>;

  constructor(private readonly reader: SugarReader) {}

  /**
   * The Target Lists, read once per connector (one activity): a sync pages through members many
   * times, and a list created meanwhile is found by the next sync's id diff.
   */
  private listIds(): Promise<string[]> {
    this.lists ??= this.reader.allIds('ProspectLists');
    this.lists.catch(() => (this.lists = undefined));
    return this.lists;
  }

  private member(listId: string, module: string, row: SugarRow): CrmRecord {
    const personId = String(row.id);
    const stamp = typeof row[STAMP_FIELD] === 'string' ? (row[STAMP_FIELD] as string) : null;
    return {
      id: `${personId}:${listId}`,
      fields: { id: `${personId}:${listId}`, prospect_list_id: listId, related_id: personId, related_module: module },
      systemModstamp: toIsoStamp(stamp),
    };
  }

  /**
   * Members whose person changed after the cursor, in (person's date_modified, id) order: every
   * list's contacts and leads links asked at once in one /bulk. A link that had more than a page
   * bounds what is safe to return: nothing after its last record, which the next page reads.
   */
  async changedPage(request: { since?: string; after?: ChangeCursor; pageSize: number }): Promise<Page> {
    const lists = await this.listIds();
    const pageSize = Math.min(MAX_PAGE_SIZE, request.pageSize);
    const args = { filter: parentKeyset(request), fields: STAMP_FIELD, order_by: KEYSET_ORDER, max_num: pageSize };
    const parts = lists.flatMap((listId) => PERSON_LINKS.map((p) => ({ listId, module: p.module, path: this.reader.linkPath('ProspectLists', listId, p.link, args) })));
    const answers = await this.reader.bulkGet<LinkPage>(parts.map((p) => p.path));
    let horizon: CrmRecord | undefined;
    const records: CrmRecord[] = [];
    answers.forEach((answer, i) => {
      const rows = (answer?.records ?? []).map((row) => this.member(parts[i].listId, parts[i].module, row));
      records.push(...rows);
      const cut = (answer?.next_offset ?? -1) !== -1;
      const last = rows[rows.length - 1];
      if (cut && last && (!horizon || byStampAndId(last, horizon) < 0)) horizon = last;
    });
    const [horizonPerson] = horizon ? splitLinkId(horizon.id) : [];
    const safe = records
      .filter((r) => isAfter(r, request.after))
      .filter((r) => !horizon || Date.parse(r.systemModstamp ?? '') < Date.parse(horizon.systemModstamp ?? '') || (r.systemModstamp === horizon.systemModstamp && splitLinkId(r.id)[0] <= (horizonPerson ?? '')))
      .sort(byStampAndId);
    return { records: safe.slice(0, request.pageSize), done: !horizon && safe.length <= request.pageSize };
  }

  /** Every member of every list, as records (the drift check's listing and the restore of missing ones). */
  async all(filter: (listId: string) => SugarFilter | null = () => []): Promise<CrmRecord[]> {
    const lists = await this.listIds();
    const records: CrmRecord[] = [];
    let pending = lists.flatMap((listId) => {
      const f = filter(listId);
      return f === null ? [] : PERSON_LINKS.map((p) => ({ listId, module: p.module, link: p.link, filter: f, offset: 0 }));
    });
    while (pending.length > 0) {
      const answers = await this.reader.bulkGet<LinkPage>(
        pending.map((p) => this.reader.linkPath('ProspectLists', p.listId, p.link, { filter: p.filter, fields: STAMP_FIELD, order_by: 'id:ASC', max_num: MAX_PAGE_SIZE, offset: p.offset })),
      );
      const next: typeof pending = [];
      answers.forEach((answer, i) => {
        records.push(...(answer?.records ?? []).map((row) => this.member(pending[i].listId, pending[i].module, row)));
        const offset = answer?.next_offset ?? -1;
        if (offset !== -1) next.push({ ...pending[i], offset });
      });
      pending = next;
    }
    return records;
  }

  async byIds(ids: readonly string[]): Promise<CrmRecord[]> {
    const wanted = new Map<string, string[]>();
    for (const id of ids) {
      const [personId, listId] = splitLinkId(id);
      if (personId && listId) wanted.set(listId, [...(wanted.get(listId) ?? []), personId]);
    }
    return this.all((listId) => (wanted.has(listId) ? [{ id: { $in: wanted.get(listId) } }] : null));
  }

  /** Who is in one Target List now: its contacts and leads links, page by page. */
  async membersOf(listId: string): Promise<ListMemberRef[]> {
    const members: ListMemberRef[] = [];
    for (const p of PERSON_LINKS) {
      for (let offset = 0; offset !== -1; ) {
        const page = await this.reader.get<LinkPage>(this.reader.linkPath('ProspectLists', listId, p.link, { fields: 'id', order_by: 'id:ASC', max_num: MAX_PAGE_SIZE, offset }));
        for (const row of page.records ?? []) members.push({ id: String(row.id), type: p.module === 'Contacts' ? 'Contact' : 'Lead' });
        offset = typeof page.next_offset === 'number' ? page.next_offset : -1;
      }
    }
    return members;
  }
}

export class OpportunityContacts {
  constructor(private readonly reader: SugarReader) {}

  private contactsOf(opportunity: SugarRow, answer: LinkPage | undefined): CrmRecord[] {
    const opportunityId = String(opportunity.id);
    const stamp = typeof opportunity[STAMP_FIELD] === 'string' ? (opportunity[STAMP_FIELD] as string) : null;
    return (answer?.records ?? []).map((row) => {
      const id = `${opportunityId}:${String(row.id)}`;
      const role = typeof row.opportunity_role === 'string' ? row.opportunity_role : '';
      return { id, fields: { id, opportunity_id: opportunityId, contact_id: String(row.id), contact_role: role }, systemModstamp: toIsoStamp(stamp) };
    });
  }

  /** The contacts of these opportunities, one link read each, in one /bulk per thousand. */
  private async linksOf(opportunities: SugarRow[], filter: (opportunityId: string) => SugarFilter = () => []): Promise<CrmRecord[]> {
    const answers = await this.reader.bulkGet<LinkPage>(
      opportunities.map((o) => this.reader.linkPath('Opportunities', String(o.id), 'contacts', { filter: filter(String(o.id)), fields: 'id,opportunity_role', order_by: 'id:ASC', max_num: MAX_PAGE_SIZE })),
    );
    return opportunities.flatMap((o, i) => this.contactsOf(o, answers[i]));
  }

  /** Contacts of opportunities changed after the cursor, in (opportunity's date_modified, id) order; pages of opportunities without contacts are read through. */
  async changedPage(request: { since?: string; after?: ChangeCursor; pageSize: number }): Promise<Page> {
    const pageSize = Math.min(MAX_PAGE_SIZE, request.pageSize);
    let after = request.after;
    for (;;) {
      const page = await this.reader.filterPage('Opportunities', { filter: parentKeyset({ since: request.since, after }), fields: [STAMP_FIELD], orderBy: KEYSET_ORDER, maxNum: pageSize });
      const records = (await this.linksOf(page.records)).filter((r) => isAfter(r, request.after)).sort(byStampAndId);
      const done = page.records.length < pageSize;
      const last = page.records[page.records.length - 1];
      if (records.length > 0 || done || !last) return { records, done };
      // A page of opportunities without contacts: go on after its last one.
      after = { stamp: toIsoStamp(last[STAMP_FIELD]) ?? request.after?.stamp ?? '', id: `${String(last.id)}:\uffff` };
    }
  }

  async all(): Promise<CrmRecord[]> {
    const records: CrmRecord[] = [];
    const ids = await this.reader.allIds('Opportunities');
    for (let i = 0; i < ids.length; i += MAX_PAGE_SIZE) records.push(...(await this.linksOf(ids.slice(i, i + MAX_PAGE_SIZE).map((id) => ({ id })))));
    return records;
  }

  async byIds(ids: readonly string[]): Promise<CrmRecord[]> {
    const wanted = new Map<string, string[]>();
    for (const id of ids) {
      const [opportunityId, contactId] = splitLinkId(id);
      if (opportunityId && contactId) wanted.set(opportunityId, [...(wanted.get(opportunityId) ?? []), contactId]);
    }
    if (wanted.size === 0) return [];
    const page = await this.reader.filterPage('Opportunities', { filter: [{ id: { $in: [...wanted.keys()] } }], fields: [STAMP_FIELD], orderBy: 'id:ASC', maxNum: MAX_PAGE_SIZE });
    return this.linksOf(page.records, (opportunityId) => [{ id: { $in: wanted.get(opportunityId) ?? [] } }]);
  }
}
