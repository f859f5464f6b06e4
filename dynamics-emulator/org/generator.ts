import { GeneratedHistory } from '../../emulator-kit/generated-history';
import { DEMO_CREDENTIALS } from '../credentials';
import { CUSTOMER_TIERS, INDUSTRIES, INTERESTS, LEAD_SOURCES } from '../schema/marketing-columns';
import type { FieldValue, Row } from '../schema/types';
import type { DataverseStore } from '../store';
import { DAY_MS, formatDate, formatDateTime, parseDateTime } from './datetime';
import { dynamicListQuery } from './dynamic-lists';
import { CAMPAIGN_TOPICS, CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PRODUCTS, TITLES, emailLocalPart } from './names';
import type { OrgSize } from './org-size';
import { Prng } from './prng';

/** Builds a realistic org deterministically from `seed`: same seed and size, same rows and ids. */
export function generateOrg(store: DataverseStore, size: OrgSize, seed: number): void {
  new Generator(store, size, new Prng(seed)).run();
}

class Generator {
  private readonly history: GeneratedHistory;
  private readonly untilMs: number;
  private users: string[] = [];
  private accounts: Row[] = [];
  private contactsByAccount = new Map<string, string[]>();
  private contacts: Row[] = [];
  private leads: Row[] = [];

  constructor(private readonly store: DataverseStore, private readonly size: OrgSize, private readonly rnd: Prng) {
    this.history = new GeneratedHistory(size, formatDateTime, parseDateTime);
    this.untilMs = this.history.untilMs;
  }

  run(): void {
    this.makeUsers();
    this.accounts = this.repeat(this.size.accounts, () => this.makeAccount());
    this.contacts = this.repeat(this.size.contacts, () => this.makeContact());
    this.leads = this.repeat(this.size.leads, () => this.makeLead());
    this.repeat(this.size.opportunities, () => this.makeOpportunity());
    const campaigns = this.repeat(this.size.campaigns, () => this.makeCampaign());
    this.makeLists(campaigns);
    this.store.recalculateRollups();
  }

  private repeat(n: number, make: () => Row): Row[] {
    return Array.from({ length: n }, make);
  }

  private put(table: string, fields: Record<string, FieldValue>): Row {
    const { created, modified } = this.history.nextStamps(this.rnd);
    const owner = this.users.length ? this.rnd.pick(this.users) : this.store.adminUserId;
    return this.store.insert(table, { ...fields, createdon: created, modifiedon: modified }, { userId: owner, id: this.rnd.guid() });
  }

  private maybe<T>(p: number, value: () => T): T | null {
    return this.rnd.chance(p) ? value() : null;
  }

  private ref(id: string, table: string): FieldValue {
    return { id, table };
  }

  private makeUsers(): void {
    const admin = this.put('systemuser', {
      firstname: 'crm-sync', lastname: 'Application User', internalemailaddress: DEMO_CREDENTIALS.applicationUserEmail,
      domainname: DEMO_CREDENTIALS.applicationUserEmail, title: 'Application user', isdisabled: false,
    });
    this.store.adminUserId = admin.systemuserid as string;
    this.users = [this.store.adminUserId];
    for (let i = 1; i <= this.size.users; i++) {
      const [first, last] = [this.rnd.pick(FIRST_NAMES), this.rnd.pick(LAST_NAMES)];
      const login = `${emailLocalPart(first, 'user')}.${emailLocalPart(last, 'x')}${i}@demo-org.example.com`;
      const user = this.put('systemuser', { firstname: first, lastname: last, internalemailaddress: login, domainname: login, title: this.rnd.pick(TITLES), isdisabled: this.rnd.chance(0.1) });
      if (!user.isdisabled) this.users.push(user.systemuserid as string);
    }
  }

  private makeAccount(): Row {
    const [city, country] = this.rnd.pick(CITIES);
    const name = `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)} ${this.accounts.length + 1}`;
    return this.put('account', {
      name,
      customertypecode: this.rnd.pick([1, 3, 5, 11]),
      industrycode: this.maybe(0.8, () => this.rnd.pick(INDUSTRIES).value),
      revenue: this.maybe(0.6, () => this.rnd.int(1, 5000) * 10_000),
      numberofemployees: this.maybe(0.7, () => this.rnd.int(1, 20_000)),
      address1_city: city,
      address1_country: this.maybe(0.9, () => country),
      websiteurl: this.maybe(0.7, () => `https://www.${emailLocalPart(name, 'company')}.example.com`),
    });
  }

  private personFields(index: number): Record<string, FieldValue> {
    const first = this.maybe(0.92, () => this.rnd.pick(FIRST_NAMES));
    const last = this.rnd.pick(LAST_NAMES);
    const local = `${first ? `${emailLocalPart(first, 'p')}.` : ''}${emailLocalPart(last, 'person')}${index}`;
    const [city, country] = this.rnd.pick(CITIES);
    return {
      firstname: first,
      lastname: last,
      emailaddress1: this.maybe(0.95, () => `${local}@${this.rnd.pick(EMAIL_DOMAINS)}`),
      jobtitle: this.maybe(0.85, () => this.rnd.pick(TITLES)),
      telephone1: this.maybe(0.8, () => `+${this.rnd.int(1, 99)} ${this.rnd.int(100, 999)} ${this.rnd.int(1000, 9999)}`),
      address1_city: this.maybe(0.8, () => city),
      address1_country: this.maybe(0.85, () => country),
      leadsourcecode: this.maybe(0.7, () => this.rnd.pick(LEAD_SOURCES).value),
      donotbulkemail: this.rnd.chance(0.05),
      new_behaviorscore: this.maybe(0.7, () => this.rnd.int(0, 100)),
      new_newsletteroptin: this.rnd.chance(0.4),
      new_customertier: this.maybe(0.5, () => this.rnd.pick(CUSTOMER_TIERS).value),
      // A multi-select choice travels as comma-separated option values.
      new_interests: this.maybe(0.6, () => this.rnd.sample(INTERESTS, this.rnd.int(1, 3)).map((o) => o.value).sort().join(',')),
      new_lastwebinardate: this.maybe(0.3, () => formatDate(this.untilMs - this.rnd.int(1, 600) * DAY_MS)),
    };
  }

  private makeContact(): Row {
    const account = this.accounts.length && this.rnd.chance(0.9) ? this.rnd.pick(this.accounts) : undefined;
    const contact = this.put('contact', { ...this.personFields(this.contacts.length + 1), parentcustomerid: account ? this.ref(account.accountid as string, 'account') : null });
    if (account) {
      const list = this.contactsByAccount.get(account.accountid as string) ?? [];
      list.push(contact.contactid as string);
      this.contactsByAccount.set(account.accountid as string, list);
    }
    return contact;
  }

  private makeLead(): Row {
    const fields = this.personFields(100_000_000 + this.leads.length + 1);
    // The same person often exists as a lead and a contact; the first lead always does, so small orgs have one too.
    const twin = this.contacts.length && (this.leads.length === 0 || this.rnd.chance(this.size.sharedEmailRatio ?? 0.03)) ? this.rnd.pick(this.contacts) : undefined;
    if (twin) Object.assign(fields, { firstname: twin.firstname ?? null, lastname: twin.lastname ?? null, emailaddress1: twin.emailaddress1 ?? `${twin.contactid as string}@example.com` });
    const state = this.rnd.chance(0.8) ? 0 : this.rnd.pick([1, 2]);
    return this.put('lead', {
      ...fields,
      subject: `Interest in ${this.rnd.pick(PRODUCTS)}`,
      companyname: `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)}`,
      industrycode: this.maybe(0.5, () => this.rnd.pick(INDUSTRIES).value),
      parentcontactid: twin ? this.ref(twin.contactid as string, 'contact') : null,
      statecode: state,
      statuscode: state === 0 ? this.rnd.pick([1, 2]) : state === 1 ? 3 : this.rnd.pick([4, 5, 6, 7]),
    });
  }

  private makeOpportunity(): Row {
    // Skewed toward the first accounts: some have many opportunities, many have none.
    const account = this.accounts.length ? this.accounts[Math.floor(this.rnd.next() ** 2 * this.accounts.length)] : undefined;
    const people = account ? this.contactsByAccount.get(account.accountid as string) ?? [] : [];
    const contactId = people.length ? this.rnd.pick(people) : undefined;
    const state = this.rnd.pick([0, 0, 1, 2]);
    return this.put('opportunity', {
      name: `${account ? `${account.name as string} - ` : ''}${this.rnd.pick(PRODUCTS)}`,
      parentaccountid: account ? this.ref(account.accountid as string, 'account') : null,
      parentcontactid: contactId ? this.ref(contactId, 'contact') : null,
      customerid: contactId && this.rnd.chance(0.3) ? this.ref(contactId, 'contact') : account ? this.ref(account.accountid as string, 'account') : null,
      estimatedvalue: this.maybe(0.9, () => this.rnd.int(1, 400) * 500),
      closeprobability: this.rnd.int(0, 10) * 10,
      estimatedclosedate: formatDate(this.untilMs + this.rnd.int(-400, 120) * DAY_MS),
      salesstagecode: this.rnd.int(0, 3),
      statecode: state,
      statuscode: state === 0 ? this.rnd.pick([1, 2]) : state === 1 ? 3 : this.rnd.pick([4, 5]),
    });
  }

  private makeCampaign(): Row {
    const startMs = this.untilMs - this.rnd.int(-30, 700) * DAY_MS;
    return this.put('campaign', {
      name: `${new Date(startMs).getUTCFullYear()} ${this.rnd.pick(CAMPAIGN_TOPICS)}`,
      typecode: this.rnd.int(1, 5),
      actualstart: formatDate(startMs),
      actualend: formatDate(startMs + this.rnd.int(1, 60) * DAY_MS),
      statuscode: startMs > this.untilMs ? 0 : this.rnd.pick([2, 3]),
    });
  }

  /** Static lists get listmember rows; every third list is dynamic and has a FetchXML query instead. */
  private makeLists(campaigns: Row[]): void {
    const statics: Array<{ id: string; target: 'contact' | 'lead' }> = [];
    for (let i = 0; i < this.size.lists; i++) {
      const target = i % 2 === 0 ? 'contact' : 'lead';
      const dynamic = i % 3 === 2;
      const campaign = campaigns.length && this.rnd.chance(0.5) ? this.rnd.pick(campaigns) : undefined;
      const list = this.put('list', {
        listname: `${dynamic ? 'Dynamic' : 'Static'} ${target} list ${i + 1}`,
        type: dynamic,
        createdfromcode: target === 'contact' ? 2 : 4,
        query: dynamic ? dynamicListQuery(target, this.rnd.pick(CUSTOMER_TIERS).value) : null,
        campaignid: campaign ? this.ref(campaign.campaignid as string, 'campaign') : null,
      });
      if (!dynamic) statics.push({ id: list.listid as string, target });
    }
    if (!statics.length) return;
    const counts = new Map<string, number>();
    const join = (person: Row, target: 'contact' | 'lead', idColumn: string) => {
      const fitting = statics.filter((s) => s.target === target);
      const n = this.rnd.chance(0.5) ? 0 : this.rnd.int(1, this.size.listsPerPersonMax ?? 2);
      for (const list of this.rnd.sample(fitting, n)) {
        this.put('listmember', { listid: this.ref(list.id, 'list'), entityid: this.ref(person[idColumn] as string, target) });
        counts.set(list.id, (counts.get(list.id) ?? 0) + 1);
      }
    };
    for (const contact of this.contacts) join(contact, 'contact', 'contactid');
    for (const lead of this.leads) join(lead, 'lead', 'leadid');
    for (const list of statics) this.store.update('list', list.id, { membercount: counts.get(list.id) ?? 0, modifiedon: this.store.get('list', list.id)?.modifiedon as string });
  }
}
