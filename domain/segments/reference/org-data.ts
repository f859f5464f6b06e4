/**
 * The data the reference evaluator and explain read, as plain records (the documents of list_members
 * and of the crm_* collections of ONE connection), and the look-ups from a member to its records.
 */
import { PERSON_TYPES } from '../../crm/crm-model';
import type { PersonType } from '../plan';
import type { SegmentSchema } from '../segment-schema';

export interface SegmentMemberData {
  crmId: string;
  type: PersonType;
  values: Record<string, unknown>;
  behaviorScore: number | null;
  accountId: string | null;
  ownerId: string | null;
}

export interface CrmRecordData {
  crmId: string;
  fields: Record<string, unknown>;
}

export interface SegmentReferenceData {
  /** The list's members. */
  members: SegmentMemberData[];
  leads: CrmRecordData[];
  contacts: CrmRecordData[];
  accounts: CrmRecordData[];
  users: CrmRecordData[];
  /** The deals and the records linking them to people (the same records when a deal is its own link). */
  opportunities: CrmRecordData[];
  contactRoles: CrmRecordData[];
  campaignMembers: CrmRecordData[];
  campaigns: CrmRecordData[];
}

/** The value at a schema path: `crmId`, or `fields.<name>` of the record. */
export function valueAtPath(record: CrmRecordData, path: string): unknown {
  return path === 'crmId' ? record.crmId : fieldOf(record, path.slice('fields.'.length));
}

/** A membership with the campaign it names (undefined when that campaign is missing). */
export interface CampaignMembership {
  record: CrmRecordData;
  campaign: CrmRecordData | undefined;
}

/** Everything a condition on one member can read; an absent record is `undefined`. */
export interface MemberRecords {
  member: SegmentMemberData;
  record: CrmRecordData | undefined;
  account: CrmRecordData | undefined;
  owner: CrmRecordData | undefined;
  opportunities: CrmRecordData[];
  campaignMemberships: CampaignMembership[];
}

export class OrgIndex {
  private readonly leads: Map<string, CrmRecordData>;
  private readonly contacts: Map<string, CrmRecordData>;
  private readonly accounts: Map<string, CrmRecordData>;
  private readonly users: Map<string, CrmRecordData>;
  private readonly opportunities: Map<string, CrmRecordData>;
  private readonly campaigns: Map<string, CrmRecordData>;
  private readonly opportunityIdsByContact = new Map<string, Set<string>>();
  private readonly membershipsByPerson = new Map<string, CrmRecordData[]>();

  constructor(
    data: SegmentReferenceData,
    private readonly schema: SegmentSchema,
  ) {
    this.leads = byId(data.leads);
    this.contacts = byId(data.contacts);
    this.accounts = byId(data.accounts);
    this.users = byId(data.users);
    this.opportunities = byId(data.opportunities);
    this.campaigns = byId(data.campaigns);
    const contactPath = schema.dealLink.people.Contact;
    for (const role of data.contactRoles) {
      const contactId = contactPath === undefined ? undefined : valueAtPath(role, contactPath);
      const opportunityId = valueAtPath(role, schema.dealLink.deal);
      if (typeof contactId !== 'string' || typeof opportunityId !== 'string') continue;
      const ids = this.opportunityIdsByContact.get(contactId) ?? new Set<string>();
      ids.add(opportunityId);
      this.opportunityIdsByContact.set(contactId, ids);
    }
    for (const record of data.campaignMembers) {
      for (const type of PERSON_TYPES) {
        const path = schema.membership.people[type];
        const personId = path === undefined ? undefined : valueAtPath(record, path);
        if (typeof personId !== 'string') continue;
        const list = this.membershipsByPerson.get(`${type}:${personId}`) ?? [];
        list.push(record);
        this.membershipsByPerson.set(`${type}:${personId}`, list);
      }
    }
  }

  recordsOf(member: SegmentMemberData): MemberRecords {
    const own = member.type === 'Lead' ? this.leads : this.contacts;
    const opportunityIds = member.type === 'Contact' ? (this.opportunityIdsByContact.get(member.crmId) ?? new Set<string>()) : new Set<string>();
    const opportunities: CrmRecordData[] = [];
    for (const id of opportunityIds) {
      const opportunity = this.opportunities.get(id);
      if (opportunity) opportunities.push(opportunity);
    }
    const memberships = (this.membershipsByPerson.get(`${member.type}:${member.crmId}`) ?? []).map((record) => {
      const campaignId = valueAtPath(record, this.schema.membership.campaign);
      return { record, campaign: typeof campaignId === 'string' ? this.campaigns.get(campaignId) : undefined };
    });
    return {
      member,
      record: own.get(member.crmId),
      account: member.accountId === null ? undefined : this.accounts.get(member.accountId),
      owner: member.ownerId === null ? undefined : this.users.get(member.ownerId),
      opportunities,
      campaignMemberships: memberships,
    };
  }
}

function byId(records: CrmRecordData[]): Map<string, CrmRecordData> {
  return new Map(records.map((r) => [r.crmId, r]));
}

/** A field of a record that may be absent; only own properties count, so 'constructor' is never a field. */
export function fieldOf(record: { fields: Record<string, unknown> } | undefined, name: string): unknown {
  if (!record || !Object.prototype.hasOwnProperty.call(record.fields, name)) return undefined;
  return record.fields[name];
}
