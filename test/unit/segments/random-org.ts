/**
 * Random orgs for the segment property tests, from a seed: Leads, Contacts, Accounts, Users and many
 * 1:many relations (several roles per contact, duplicate roles, roles to missing opportunities,
 * campaign memberships of converted leads, memberships of missing campaigns), members whose CRM
 * record, account or owner is missing — and decoys the compiled queries must not see: the same
 * people on another list, and the same CRM ids under another connection with other values.
 */
import type { CatalogCrmObject } from '../../../domain/segments/catalog';
import type { CrmRecordData, SegmentMemberData, SegmentReferenceData } from '../../../domain/segments/reference/org-data';
import { CATALOG, DAYS, EMAILS, INSTANTS_MS, INTEGERS, ITEMS, NUMBERS, PICKLISTS, TEXTS } from './segment-catalog';

export type Doc = Record<string, unknown>;

export interface GeneratedOrg {
  connectionId: string;
  listId: string;
  seed: number;
  /** What the reference evaluator sees: this connection's records and this list's members. */
  reference: SegmentReferenceData;
  /** Every stored document by collection, decoys included. */
  collections: Record<string, Doc[]>;
}

/** mulberry32: a tiny seeded PRNG, so an org is reproduced from its seed alone. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  some<T>(items: readonly T[], max: number): T[] {
    return Array.from({ length: this.int(max + 1) }, () => this.pick(items));
  }
}

const crmText = (ms: number) => `${new Date(ms).toISOString().slice(0, -1)}+0000`;

/** A raw CRM value for a field of this describe type: often empty in each of the ways a CRM is. */
function rawValue(dice: Dice, name: string, type: string, ids: string[]): unknown {
  const roll = dice.random();
  if (roll < 0.08) return undefined;
  if (roll < 0.14) return null;
  switch (type) {
    case 'string':
      return roll < 0.18 ? '' : dice.pick(TEXTS);
    case 'email':
      return roll < 0.18 ? '' : dice.pick(EMAILS);
    case 'picklist':
      return roll < 0.18 ? '' : dice.pick(PICKLISTS[name]);
    case 'multipicklist':
      return roll < 0.18 ? '' : [...new Set(dice.some(ITEMS, 3))].join(';') || dice.pick(ITEMS);
    case 'id':
    case 'reference':
      return dice.pick(ids);
    case 'boolean':
      return dice.chance(0.5);
    case 'date':
      return dice.pick(DAYS);
    case 'datetime':
      return crmText(dice.pick(INSTANTS_MS));
    case 'int':
      return dice.pick(INTEGERS);
    default:
      return dice.pick(NUMBERS);
  }
}

function crmRecord(dice: Dice, object: CatalogCrmObject, crmId: string, links: Record<string, unknown>, ids: string[]): CrmRecordData {
  const fields: Record<string, unknown> = {};
  for (const field of CATALOG[object]) {
    if (field.name === 'Id') fields.Id = crmId;
    else if (!(field.name in links)) {
      const value = rawValue(dice, field.name, field.type, ids);
      if (value !== undefined) fields[field.name] = value;
    }
  }
  for (const [key, value] of Object.entries(links)) if (value !== undefined) fields[key] = value;
  return { crmId, fields };
}

function marketingValues(dice: Dice): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const put = (name: string, make: () => unknown) => {
    const roll = dice.random();
    if (roll < 0.08) return;
    values[name] = roll < 0.15 ? null : make();
  };
  put('email', () => dice.pick(EMAILS));
  put('firstName', () => (dice.chance(0.1) ? '' : dice.pick(TEXTS)));
  put('company', () => dice.pick(TEXTS));
  put('employees', () => dice.pick(NUMBERS));
  put('engagement', () => dice.pick(INTEGERS));
  put('vip', () => dice.chance(0.5));
  put('signupDate', () => dice.pick(DAYS));
  put('lastVisit', () => new Date(dice.pick(INSTANTS_MS)).toISOString());
  put('interests', () => [...new Set(dice.some(ITEMS, 3))]);
  return values;
}

interface OneConnection {
  data: SegmentReferenceData;
  /** Everyone a list could hold: [type, record]. */
  people: { type: 'Lead' | 'Contact'; record: CrmRecordData }[];
}

function buildConnection(dice: Dice, prefix: string): OneConnection {
  const n = (base: number) => base + dice.int(base);
  const ids = (tag: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${tag}${i}`);
  const userIds = ids('005', n(3));
  const accountIds = ids('001', n(4));
  const campaignIds = ids('701', n(3));
  const leadIds = ids('00Q', n(8));
  const contactIds = ids('003', n(10));
  const opportunityIds = ids('006', n(8));
  // Links that lead nowhere: a queue as owner, an account, opportunity and campaign never synced.
  const ownerPool = [...userIds, '00Gqueue', '005gone'];
  const anyIds = [...userIds, ...accountIds, '001gone'];

  const users = userIds.map((id) => crmRecord(dice, 'User', id, {}, anyIds));
  const accounts = accountIds.map((id) => crmRecord(dice, 'Account', id, {}, anyIds));
  const campaigns = campaignIds.map((id) => crmRecord(dice, 'Campaign', id, {}, anyIds));
  const leads = leadIds.map((id) => crmRecord(dice, 'Lead', id, { OwnerId: dice.chance(0.9) ? dice.pick(ownerPool) : null }, anyIds));
  const contacts = contactIds.map((id) =>
    crmRecord(dice, 'Contact', id, { OwnerId: dice.chance(0.9) ? dice.pick(ownerPool) : null, AccountId: dice.chance(0.8) ? dice.pick([...accountIds, '001gone']) : null }, anyIds),
  );
  const opportunities = opportunityIds.map((id) => crmRecord(dice, 'Opportunity', id, {}, anyIds));

  const contactRoles: CrmRecordData[] = [];
  for (const contactId of contactIds) {
    // Up to 5 roles: repeats of one opportunity (two roles) and opportunities never synced included.
    for (const opportunityId of dice.some([...opportunityIds, '006gone'], 5)) {
      contactRoles.push({ crmId: `${prefix}00K${contactRoles.length}`, fields: { ContactId: contactId, OpportunityId: opportunityId, Role: 'Decision Maker' } });
    }
  }
  contactRoles.push({ crmId: `${prefix}00K${contactRoles.length}`, fields: { ContactId: null, OpportunityId: opportunityIds[0] } });

  const campaignMembers: CrmRecordData[] = [];
  const addMemberships = (links: Record<string, unknown>) => {
    for (const campaignId of dice.some([...campaignIds, '701gone'], 3)) {
      campaignMembers.push(crmRecord(dice, 'CampaignMember', `${prefix}00v${campaignMembers.length}`, { ...links, CampaignId: campaignId }, anyIds));
    }
  };
  leadIds.forEach((id) => addMemberships({ LeadId: id, ContactId: null }));
  // A converted lead's memberships name both the lead and the contact.
  contactIds.forEach((id) => addMemberships(dice.chance(0.2) ? { LeadId: dice.pick(leadIds), ContactId: id } : { ContactId: id }));

  const people = [...leads.map((record) => ({ type: 'Lead' as const, record })), ...contacts.map((record) => ({ type: 'Contact' as const, record }))];
  return { data: { members: [], leads, contacts, accounts, users, opportunities, contactRoles, campaignMembers, campaigns }, people };
}

function membersOf(dice: Dice, people: OneConnection['people'], share: number): SegmentMemberData[] {
  const members: SegmentMemberData[] = [];
  for (const { type, record } of people) {
    if (!dice.chance(share)) continue;
    const accountId = type === 'Contact' && typeof record.fields.AccountId === 'string' ? record.fields.AccountId : null;
    const ownerId = typeof record.fields.OwnerId === 'string' ? record.fields.OwnerId : null;
    members.push({ crmId: record.crmId, type, values: marketingValues(dice), behaviorScore: dice.chance(0.85) ? dice.pick(INTEGERS) : null, accountId, ownerId });
  }
  return members;
}

export function generateOrg(seed: number, ids: { connectionId: string; listId: string } = { connectionId: 'conn', listId: 'list' }): GeneratedOrg {
  const dice = new Dice(prng(seed));
  const main = buildConnection(dice, '');
  const members = membersOf(dice, main.people, 0.85);
  // Members whose CRM record was never synced: every Member condition sees an empty record.
  members.push({ crmId: '00Qunsynced', type: 'Lead', values: marketingValues(dice), behaviorScore: 5, accountId: null, ownerId: '005gone' });
  members.push({ crmId: '003unsynced', type: 'Contact', values: marketingValues(dice), behaviorScore: null, accountId: '001gone', ownerId: null });
  const reference = { ...main.data, members };

  // Decoys: the same CRM ids under another connection, and the same people on another list.
  const decoy = buildConnection(new Dice(prng(seed ^ 0x5bd1e995)), '');
  const decoyConnection = `${ids.connectionId}-other`;
  const decoyMembers = membersOf(dice, decoy.people, 0.9);
  const otherListMembers = membersOf(dice, main.people, 0.7);

  const collections: Record<string, Doc[]> = {};
  const crm = (collection: string, connectionId: string, records: CrmRecordData[]) => {
    collections[collection] ??= [];
    for (const r of records) collections[collection].push({ _id: `${connectionId}:${r.crmId}`, connectionId, crmId: r.crmId, fields: r.fields });
  };
  const byCollection = (data: SegmentReferenceData): [string, CrmRecordData[]][] => [
    ['crm_lead', data.leads],
    ['crm_contact', data.contacts],
    ['crm_account', data.accounts],
    ['crm_user', data.users],
    ['crm_opportunity', data.opportunities],
    ['crm_opportunitycontactrole', data.contactRoles],
    ['crm_campaignmember', data.campaignMembers],
    ['crm_campaign', data.campaigns],
  ];
  for (const [collection, records] of byCollection(main.data)) crm(collection, ids.connectionId, records);
  for (const [collection, records] of byCollection(decoy.data)) crm(collection, decoyConnection, records);
  collections.list_members = [
    ...members.map((m) => memberDoc(m, ids.listId, ids.connectionId)),
    ...otherListMembers.map((m) => memberDoc(m, `${ids.listId}-other`, ids.connectionId)),
    ...decoyMembers.map((m) => memberDoc(m, `${ids.listId}-other-connection`, decoyConnection)),
  ];
  return { connectionId: ids.connectionId, listId: ids.listId, seed, reference, collections };
}

function memberDoc(m: SegmentMemberData, listId: string, connectionId: string): Doc {
  return { _id: `${listId}:${m.crmId}`, listId, connectionId, ...m };
}
