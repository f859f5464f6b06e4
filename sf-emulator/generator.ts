import { GeneratedHistory } from '../emulator-kit/generated-history';
import { DEMO_CREDENTIALS } from './credentials';
import { DAY_MS, formatDate, formatDateTime, parseDateTime } from './datetime';
import {
  CAMPAIGN_TOPICS, CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PRODUCTS, TITLES, emailLocalPart,
} from './generator-data';
import type { OrgSize } from './org-size';
import { Prng } from './prng';
import { findObject, type FieldValue, type SfRecord } from './schema';
import { CAMPAIGN_MEMBER_STATUSES } from './schema/campaign';
import { INDUSTRIES, LEAD_SOURCES, LEAD_STATUSES } from './schema/lead';
import { CUSTOMER_TIERS, INTERESTS } from './schema/marketing-fields';
import { OPPORTUNITY_STAGES } from './schema/opportunity';
import type { OrgStore } from './store';

const OPEN_LEAD_STATUSES = LEAD_STATUSES.filter((s) => s !== 'Closed - Converted');

/** Builds a realistic org deterministically from `seed`: same seed and size, same records and ids. */
export function generateOrg(store: OrgStore, size: OrgSize, seed: number): void {
  const g = new Generator(store, size, new Prng(seed));
  g.run();
}

class Generator {
  private readonly history: GeneratedHistory;
  private readonly untilMs: number;
  private users: string[] = [];
  private accounts: SfRecord[] = [];
  private contactsByAccount = new Map<string, string[]>();
  private contacts: SfRecord[] = [];
  private leads: SfRecord[] = [];
  private campaigns: string[] = [];

  constructor(private readonly store: OrgStore, private readonly size: OrgSize, private readonly rnd: Prng) {
    this.history = new GeneratedHistory(size, formatDateTime, parseDateTime);
    this.untilMs = this.history.untilMs;
  }

  run(): void {
    this.makeUsers();
    this.accounts = this.repeat(this.size.accounts, () => this.makeAccount());
    this.contacts = this.repeat(this.size.contacts, () => this.makeContact());
    this.leads = this.repeat(this.size.leads, () => this.makeLead());
    this.repeat(this.size.opportunities, () => this.makeOpportunity());
    this.campaigns = this.repeat(this.size.campaigns, () => this.makeCampaign()).map((c) => c.Id);
    this.makeCampaignMembers();
  }

  private repeat(n: number, make: () => SfRecord): SfRecord[] {
    const out: SfRecord[] = [];
    for (let i = 0; i < n; i++) out.push(make());
    return out;
  }

  private put(type: string, fields: Record<string, FieldValue>): SfRecord {
    const object = findObject(type);
    if (!object) throw new Error(type);
    const { created, modified: lastModified } = this.history.nextStamps(this.rnd);
    const owner = this.users.length ? this.rnd.pick(this.users) : this.store.adminUserId;
    const record: SfRecord = {
      Id: this.store.newId(object),
      IsDeleted: false,
      CreatedDate: created,
      CreatedById: owner,
      LastModifiedDate: lastModified,
      LastModifiedById: owner,
      // Background jobs touch SystemModstamp without changing LastModifiedDate.
      SystemModstamp: this.rnd.chance(0.05) ? formatDateTime(this.untilMs - this.rnd.int(1, 30) * DAY_MS) : lastModified,
      ...fields,
    };
    if (object.fields.some((f) => f.name === 'OwnerId') && !record.OwnerId) record.OwnerId = owner;
    if (record.SystemModstamp! < lastModified) record.SystemModstamp = lastModified;
    object.derive?.(record);
    this.store.load(object.name, record);
    return record;
  }

  private maybe<T>(p: number, value: () => T): T | null {
    return this.rnd.chance(p) ? value() : null;
  }

  private makeUsers(): void {
    const admin = this.put('User', {
      Username: DEMO_CREDENTIALS.username, Email: DEMO_CREDENTIALS.username, FirstName: 'Ada', LastName: 'Admin', Alias: 'aadmin',
      IsActive: true, Title: 'System Administrator', TimeZoneSidKey: 'GMT',
    });
    this.store.adminUserId = admin.Id;
    admin.CreatedById = admin.LastModifiedById = admin.Id;
    this.users = [admin.Id];
    for (let i = 1; i <= this.size.users; i++) {
      const [first, last] = [this.rnd.pick(FIRST_NAMES), this.rnd.pick(LAST_NAMES)];
      const login = `${emailLocalPart(first, 'user')}.${emailLocalPart(last, 'x')}${i}`;
      const user = this.put('User', {
        Username: `${login}@demo-org.example.com`, Email: `${login}@demo-org.example.com`, FirstName: first, LastName: last,
        Alias: login.slice(0, 8), IsActive: this.rnd.chance(0.9), Title: this.rnd.pick(TITLES), TimeZoneSidKey: 'Europe/Paris',
      });
      if (user.IsActive) this.users.push(user.Id);
    }
  }

  private makeAccount(): SfRecord {
    const [city, country] = this.rnd.pick(CITIES);
    const name = `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)} ${this.accounts.length + 1}`;
    return this.put('Account', {
      Name: name,
      Type: this.rnd.pick(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner']),
      Industry: this.maybe(0.8, () => this.rnd.pick(INDUSTRIES)),
      AnnualRevenue: this.maybe(0.6, () => this.rnd.int(1, 5000) * 10_000),
      NumberOfEmployees: this.maybe(0.7, () => this.rnd.int(1, 20_000)),
      BillingCity: city,
      BillingCountry: this.maybe(0.9, () => country),
      Website: this.maybe(0.7, () => `https://www.${emailLocalPart(name, 'company')}.example.com`),
    });
  }

  private personFields(index: number): Record<string, FieldValue> {
    const first = this.maybe(0.92, () => this.rnd.pick(FIRST_NAMES));
    const last = this.rnd.pick(LAST_NAMES);
    const local = `${first ? `${emailLocalPart(first, 'p')}.` : ''}${emailLocalPart(last, 'person')}${index}`;
    const tag = this.rnd.chance(0.05) ? `+${this.rnd.pick(['news', 'crm', 'events'])}` : '';
    const interests = this.maybe(0.6, () => this.rnd.sample(INTERESTS, this.rnd.int(1, 3)).join(';'));
    return {
      FirstName: first,
      LastName: last,
      Email: this.maybe(0.95, () => `${local}${tag}@${this.rnd.pick(EMAIL_DOMAINS)}`),
      Title: this.maybe(0.85, () => this.rnd.pick(TITLES)),
      Phone: this.maybe(0.8, () => `+${this.rnd.int(1, 99)} ${this.rnd.int(100, 999)} ${this.rnd.int(1000, 9999)}`),
      LeadSource: this.maybe(0.7, () => this.rnd.pick(LEAD_SOURCES)),
      HasOptedOutOfEmail: this.rnd.chance(0.05),
      Behavior_Score__c: this.maybe(0.7, () => this.rnd.int(0, 100)),
      Newsletter_Opt_In__c: this.rnd.chance(0.4),
      Customer_Tier__c: this.maybe(0.5, () => this.rnd.pick(CUSTOMER_TIERS)),
      Interests__c: interests,
      Last_Webinar_Date__c: this.maybe(0.3, () => formatDate(this.untilMs - this.rnd.int(1, 600) * DAY_MS)),
    };
  }

  private makeContact(): SfRecord {
    const account = this.accounts.length && this.rnd.chance(0.9) ? this.rnd.pick(this.accounts) : undefined;
    const [city, country] = this.rnd.pick(CITIES);
    const contact = this.put('Contact', {
      ...this.personFields(this.contacts.length + 1),
      AccountId: account?.Id ?? null,
      MailingCity: this.maybe(0.8, () => city),
      MailingCountry: this.maybe(0.85, () => country),
    });
    if (account) {
      const list = this.contactsByAccount.get(account.Id) ?? [];
      list.push(contact.Id);
      this.contactsByAccount.set(account.Id, list);
    }
    return contact;
  }

  private makeLead(): SfRecord {
    const [city, country] = this.rnd.pick(CITIES);
    const fields = this.personFields(100_000_000 + this.leads.length + 1);
    // The same person often exists as a Lead and a Contact; the first lead always does, so small orgs have one too.
    const twin = this.contacts.length && (this.leads.length === 0 || this.rnd.chance(this.size.sharedEmailRatio ?? 0.03)) ? this.rnd.pick(this.contacts) : undefined;
    if (twin) Object.assign(fields, { FirstName: twin.FirstName ?? null, LastName: twin.LastName ?? null, Email: twin.Email ?? `${twin.Id}@example.com` });
    const converted = this.contacts.length > 0 && this.rnd.chance(0.02);
    return this.put('Lead', {
      ...fields,
      Company: this.accounts.length && this.rnd.chance(0.3) ? (this.rnd.pick(this.accounts).Name as string) : `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)}`,
      City: this.maybe(0.75, () => city),
      Country: this.maybe(0.8, () => country),
      Status: converted ? 'Closed - Converted' : this.rnd.pick(OPEN_LEAD_STATUSES),
      Industry: this.maybe(0.5, () => this.rnd.pick(INDUSTRIES)),
      IsConverted: converted,
      ConvertedContactId: converted ? this.rnd.pick(this.contacts).Id : null,
      ConvertedDate: converted ? formatDate(this.untilMs - this.rnd.int(1, 300) * DAY_MS) : null,
    });
  }

  private makeOpportunity(): SfRecord {
    // Skewed toward the first accounts: some have many opportunities, many have none.
    const account = this.accounts.length ? this.accounts[Math.floor(this.rnd.next() ** 2 * this.accounts.length)] : undefined;
    const stage = this.rnd.pick(OPPORTUNITY_STAGES);
    const opportunity = this.put('Opportunity', {
      Name: `${account ? `${account.Name as string} - ` : ''}${this.rnd.pick(PRODUCTS)}`,
      AccountId: account?.Id ?? null,
      StageName: stage,
      Amount: this.maybe(0.9, () => this.rnd.int(1, 400) * 500),
      Probability: this.rnd.int(0, 10) * 10,
      CloseDate: formatDate(this.untilMs + this.rnd.int(-400, 120) * DAY_MS),
      Type: this.maybe(0.7, () => this.rnd.pick(['Existing Customer - Upgrade', 'New Customer', 'Existing Customer - Replacement'])),
    });
    const people = account ? this.contactsByAccount.get(account.Id) ?? [] : [];
    const roles = this.rnd.sample(people, this.rnd.int(1, this.size.contactRolesPerOpportunityMax ?? 3));
    roles.forEach((contactId, i) => {
      this.put('OpportunityContactRole', {
        OpportunityId: opportunity.Id, ContactId: contactId, IsPrimary: i === 0,
        Role: this.rnd.pick(['Decision Maker', 'Economic Buyer', 'Evaluator', 'Influencer', 'Technical Buyer', 'Business User']),
      });
    });
    return opportunity;
  }

  private makeCampaign(): SfRecord {
    const startMs = this.untilMs - this.rnd.int(-30, 700) * DAY_MS;
    return this.put('Campaign', {
      Name: `${new Date(startMs).getUTCFullYear()} ${this.rnd.pick(CAMPAIGN_TOPICS)} #${this.campaigns.length + 1}`,
      Type: this.rnd.pick(['Webinar', 'Email', 'Trade Show', 'Conference', 'Advertisement']),
      Status: startMs > this.untilMs ? 'Planned' : this.rnd.pick(['In Progress', 'Completed']),
      StartDate: formatDate(startMs),
      EndDate: formatDate(startMs + this.rnd.int(1, 60) * DAY_MS),
      IsActive: this.rnd.chance(0.6),
    });
  }

  private makeCampaignMembers(): void {
    if (!this.campaigns.length) return;
    const max = this.size.campaignMembersPerPersonMax ?? 3;
    const join = (person: SfRecord, field: 'LeadId' | 'ContactId') => {
      const n = this.rnd.chance(0.35) ? 0 : this.rnd.int(1, max);
      for (const campaignId of this.rnd.sample(this.campaigns, n)) {
        const status = this.rnd.pick(CAMPAIGN_MEMBER_STATUSES);
        const member = this.put('CampaignMember', { CampaignId: campaignId, [field]: person.Id, Status: status });
        if (member.HasResponded) member.FirstRespondedDate = (member.CreatedDate as string).slice(0, 10);
      }
    };
    for (const contact of this.contacts) join(contact, 'ContactId');
    for (const lead of this.leads) join(lead, 'LeadId');
  }
}
