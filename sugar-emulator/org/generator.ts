import { GeneratedHistory } from '../../emulator-kit/generated-history';
import { CAMPAIGN_TOPICS, CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PRODUCTS, TITLES, emailLocalPart } from '../../dynamics-emulator/org/names';
import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS } from '../credentials';
import { dropdownKeys } from '../schema/dropdowns';
import type { FieldValue, Row } from '../schema/types';
import type { SugarStore } from '../store';
import { DAY_MS, formatDate, formatDateTime, parseDateTime } from './datetime';
import type { OrgSize } from './org-size';
import { Prng } from './prng';

/** Builds a realistic instance deterministically from `seed`: same seed and size, same records and ids. */
export function generateOrg(store: SugarStore, size: OrgSize, seed: number): void {
  new Generator(store, size, new Prng(seed)).run();
}

const keys = (list: string) => dropdownKeys(list).filter(Boolean);

class Generator {
  private readonly history: GeneratedHistory;
  private readonly untilMs: number;
  private users: string[] = [];
  private accounts: Row[] = [];
  private contactsByAccount = new Map<string, string[]>();
  private contacts: Row[] = [];
  private leads: Row[] = [];

  constructor(private readonly store: SugarStore, private readonly size: OrgSize, private readonly rnd: Prng) {
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
  }

  private repeat(n: number, make: () => Row): Row[] {
    return Array.from({ length: n }, make);
  }

  private put(module: string, fields: Record<string, FieldValue>): Row {
    const { created, modified } = this.history.nextStamps(this.rnd);
    const owner = this.users.length ? this.rnd.pick(this.users) : this.store.apiUserId;
    return this.store.insert(module, { ...fields, date_entered: created, date_modified: modified }, { userId: owner, id: this.rnd.guid() });
  }

  private maybe<T>(p: number, value: () => T): T | null {
    return this.rnd.chance(p) ? value() : null;
  }

  private makeUsers(): void {
    const apiUser = this.put('Users', { user_name: DEMO_CREDENTIALS.username, first_name: 'crm-sync', last_name: 'API User', email1: 'crm-sync@demo-org.example.com', title: 'Integration user', status: 'Active', is_admin: false });
    this.store.apiUserId = apiUser.id as string;
    const admin = this.put('Users', { user_name: TEST_ADMIN_CREDENTIALS.username, first_name: 'Sugar', last_name: 'Administrator', email1: 'admin@demo-org.example.com', title: 'Administrator', status: 'Active', is_admin: true });
    this.store.adminUserId = admin.id as string;
    this.users = [this.store.apiUserId];
    for (let i = 1; i <= this.size.users; i++) {
      const [first, last] = [this.rnd.pick(FIRST_NAMES), this.rnd.pick(LAST_NAMES)];
      const login = `${emailLocalPart(first, 'user')}.${emailLocalPart(last, 'x')}${i}`;
      const user = this.put('Users', { user_name: login, first_name: first, last_name: last, email1: `${login}@demo-org.example.com`, title: this.rnd.pick(TITLES), status: this.rnd.chance(0.1) ? 'Inactive' : 'Active', is_admin: false });
      if (user.status === 'Active') this.users.push(user.id as string);
    }
  }

  private makeAccount(): Row {
    const [city, country] = this.rnd.pick(CITIES);
    const name = `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)} ${this.accounts.length + 1}`;
    return this.put('Accounts', {
      name,
      account_type: this.rnd.pick(['Customer', 'Prospect', 'Partner', 'Competitor']),
      industry: this.maybe(0.8, () => this.rnd.pick(keys('industry_dom'))),
      annual_revenue: this.maybe(0.6, () => String(this.rnd.int(1, 5000) * 10_000)),
      employees: this.maybe(0.7, () => String(this.rnd.int(1, 20_000))),
      billing_address_city: city,
      billing_address_country: this.maybe(0.9, () => country),
      website: this.maybe(0.7, () => `https://www.${emailLocalPart(name, 'company')}.example.com`),
    });
  }

  private personFields(index: number): Record<string, FieldValue> {
    const first = this.maybe(0.92, () => this.rnd.pick(FIRST_NAMES));
    const last = this.rnd.pick(LAST_NAMES);
    const local = `${first ? `${emailLocalPart(first, 'p')}.` : ''}${emailLocalPart(last, 'person')}${index}`;
    const [city, country] = this.rnd.pick(CITIES);
    return {
      first_name: first,
      last_name: last,
      email1: this.maybe(0.95, () => `${local}@${this.rnd.pick(EMAIL_DOMAINS)}`),
      title: this.maybe(0.85, () => this.rnd.pick(TITLES)),
      phone_work: this.maybe(0.8, () => `+${this.rnd.int(1, 99)} ${this.rnd.int(100, 999)} ${this.rnd.int(1000, 9999)}`),
      primary_address_city: this.maybe(0.8, () => city),
      primary_address_country: this.maybe(0.85, () => country),
      lead_source: this.maybe(0.7, () => this.rnd.pick(keys('lead_source_dom'))),
      do_not_call: this.rnd.chance(0.05),
      email_opt_out: this.rnd.chance(0.05),
      behavior_score_c: this.maybe(0.7, () => this.rnd.int(0, 100)),
      newsletter_opt_in_c: this.rnd.chance(0.4),
      customer_tier_c: this.maybe(0.5, () => this.rnd.pick(keys('customer_tier_list'))),
      interests_c: this.maybe(0.6, () => this.rnd.sample(keys('interests_list'), this.rnd.int(1, 3)).sort()),
      last_webinar_date_c: this.maybe(0.3, () => formatDate(this.untilMs - this.rnd.int(1, 600) * DAY_MS)),
    };
  }

  private makeContact(): Row {
    const account = this.accounts.length && this.rnd.chance(0.9) ? this.rnd.pick(this.accounts) : undefined;
    const contact = this.put('Contacts', { ...this.personFields(this.contacts.length + 1), account_id: account ? (account.id as string) : null });
    if (account) {
      const list = this.contactsByAccount.get(account.id as string) ?? [];
      list.push(contact.id as string);
      this.contactsByAccount.set(account.id as string, list);
    }
    return contact;
  }

  private makeLead(): Row {
    const fields = this.personFields(100_000_000 + this.leads.length + 1);
    // The same person often exists as a lead and a contact; the first lead always does, so small orgs have one too.
    const twin = this.contacts.length && (this.leads.length === 0 || this.rnd.chance(this.size.sharedEmailRatio ?? 0.03)) ? this.rnd.pick(this.contacts) : undefined;
    if (twin) Object.assign(fields, { first_name: twin.first_name ?? null, last_name: twin.last_name ?? null, email1: twin.email1 ?? `${twin.id as string}@example.com` });
    const status = this.rnd.pick(['New', 'New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead']);
    return this.put('Leads', {
      ...fields,
      account_name: `${this.rnd.pick(COMPANY_WORDS)} ${this.rnd.pick(COMPANY_SUFFIXES)}`,
      status,
      converted: status === 'Converted',
      contact_id: twin && status === 'Converted' ? (twin.id as string) : null,
    });
  }

  private makeOpportunity(): Row {
    // Skewed toward the first accounts: some have many opportunities, many have none.
    const account = this.accounts.length ? this.accounts[Math.floor(this.rnd.next() ** 2 * this.accounts.length)] : undefined;
    const people = account ? this.contactsByAccount.get(account.id as string) ?? [] : [];
    const stage = this.rnd.pick(keys('sales_stage_dom'));
    const opportunity = this.put('Opportunities', {
      name: `${account ? `${account.name as string} - ` : ''}${this.rnd.pick(PRODUCTS)}`.slice(0, 50),
      account_id: account ? (account.id as string) : null,
      amount: this.maybe(0.9, () => `${this.rnd.int(1, 400) * 500}.000000`),
      sales_stage: stage,
      probability: stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : this.rnd.int(1, 9) * 10,
      date_closed: formatDate(this.untilMs + this.rnd.int(-400, 120) * DAY_MS),
      opportunity_type: this.maybe(0.7, () => this.rnd.pick(['Existing Business', 'New Business'])),
      lead_source: this.maybe(0.5, () => this.rnd.pick(keys('lead_source_dom'))),
    });
    for (const contactId of this.rnd.sample(people, this.rnd.int(0, 2))) {
      this.store.relate('opportunities_contacts', opportunity.id as string, { module: 'Contacts', id: contactId }, this.rnd.pick(keys('opportunity_relationship_type_dom')));
    }
    return opportunity;
  }

  private makeCampaign(): Row {
    const startMs = this.untilMs - this.rnd.int(-30, 700) * DAY_MS;
    return this.put('Campaigns', {
      name: `${new Date(startMs).getUTCFullYear()} ${this.rnd.pick(CAMPAIGN_TOPICS)}`,
      campaign_type: this.rnd.pick(['Email', 'NewsLetter', 'Web', 'Mail', 'Telesales']),
      start_date: formatDate(startMs),
      end_date: formatDate(startMs + this.rnd.int(1, 60) * DAY_MS),
      status: startMs > this.untilMs ? 'Planning' : this.rnd.pick(['Active', 'Complete']),
    });
  }

  /** Target lists of contacts or leads, some tied to a campaign; every fourth is a suppression list. */
  private makeLists(campaigns: Row[]): void {
    const lists: Array<{ id: string; module: 'Contacts' | 'Leads' }> = [];
    for (let i = 0; i < this.size.lists; i++) {
      const module = i % 2 === 0 ? 'Contacts' : 'Leads';
      const suppression = i % 4 === 3;
      const list = this.put('ProspectLists', { name: `${suppression ? 'Suppression' : 'Target'} list ${i + 1} (${module.toLowerCase()})`, list_type: suppression ? 'exempt' : 'default' });
      if (campaigns.length && this.rnd.chance(0.5)) this.store.relate('prospect_list_campaigns', list.id as string, { module: 'Campaigns', id: this.rnd.pick(campaigns).id as string });
      lists.push({ id: list.id as string, module });
    }
    if (!lists.length) return;
    const join = (person: Row, module: 'Contacts' | 'Leads') => {
      const fitting = lists.filter((l) => l.module === module);
      const n = this.rnd.chance(0.5) ? 0 : this.rnd.int(1, this.size.listsPerPersonMax ?? 2);
      for (const list of this.rnd.sample(fitting, n)) this.store.addListMember(list.id, { module, id: person.id as string });
    };
    for (const contact of this.contacts) join(contact, 'Contacts');
    for (const lead of this.leads) join(lead, 'Leads');
  }
}
