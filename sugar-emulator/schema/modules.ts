import { assignedUserFields, f, standardFields } from './fields';
import { calculateScoreBand, marketingFields } from './marketing-fields';
import { LINKS } from './relationships';
import type { FieldDef, ModuleDef, Row } from './types';

function fullName(row: Row): void {
  row.full_name = [row.salutation, row.first_name, row.last_name].filter((p) => typeof p === 'string' && p).join(' ');
}

/** Link fields of a module, as vardefs list them beside the data fields. */
const linksOf = (module: string): FieldDef[] => LINKS.filter((l) => l.module === module).map((l) => f.link(l.name, l.name, l.kind === 'table' ? l.relationship : `${l.module.toLowerCase()}_${l.field}`, l.relatedModule));

/** Name, title, phones, address and email: what Leads and Contacts share (Sugar's Person template). */
function personFields(): FieldDef[] {
  return [
    f.enum('salutation', 'Salutation', 'salutation_dom'),
    f.name('first_name', 'First Name', 100),
    f.name('last_name', 'Last Name', 100, { required: true }),
    { ...f.readOnly(f.name('full_name', 'Name', 510)), type: 'fullname', nonDb: true, source: 'non-db' },
    f.text('title', 'Title', 100),
    f.text('department', 'Department', 255),
    f.phone('phone_work', 'Office Phone'),
    f.phone('phone_mobile', 'Mobile'),
    f.email(),
    f.bool('email_opt_out', 'Email Opt Out'),
    f.text('primary_address_city', 'Primary Address City', 100),
    f.text('primary_address_country', 'Primary Address Country', 255),
    f.enum('lead_source', 'Lead Source', 'lead_source_dom'),
    f.bool('do_not_call', 'Do Not Call'),
    f.relateId('campaign_id', 'Campaign Id', 'Campaigns'),
    ...assignedUserFields(),
    ...marketingFields(),
  ];
}

const personRules = (row: Row) => {
  fullName(row);
  calculateScoreBand(row);
};

const Contacts: ModuleDef = {
  name: 'Contacts', table: 'contacts', calculate: personRules,
  fields: [
    ...standardFields(), ...personFields(),
    f.relateId('account_id', 'Account Id', 'Accounts'),
    f.relate('account_name', 'Account Name', 'Accounts', 'account_id'),
    { ...f.readOnly(f.enum('opportunity_role', 'Opportunity Role', 'opportunity_relationship_type_dom')), nonDb: true, source: 'non-db' },
    ...linksOf('Contacts'),
  ],
};

const Leads: ModuleDef = {
  name: 'Leads', table: 'leads', calculate: personRules,
  fields: [
    ...standardFields(), ...personFields(),
    f.text('account_name', 'Account Name', 255),
    f.enum('status', 'Status', 'lead_status_dom'),
    f.bool('converted', 'Converted'),
    f.relateId('contact_id', 'Contact Id', 'Contacts'),
    ...linksOf('Leads'),
  ],
};

const Accounts: ModuleDef = {
  name: 'Accounts', table: 'accounts',
  fields: [
    ...standardFields(),
    f.name('name', 'Name', 150, { required: true }),
    f.enum('account_type', 'Type', 'account_type_dom'),
    f.enum('industry', 'Industry', 'industry_dom'),
    f.text('annual_revenue', 'Annual Revenue', 100),
    f.text('employees', 'Employees', 10),
    f.text('billing_address_city', 'Billing City', 100),
    f.text('billing_address_country', 'Billing Country', 255),
    f.url('website', 'Website'),
    ...assignedUserFields(),
    ...linksOf('Accounts'),
  ],
};

const Users: ModuleDef = {
  name: 'Users', table: 'users', calculate: fullName,
  fields: [
    ...standardFields(),
    f.text('user_name', 'User Name', 60, { required: true }),
    f.name('first_name', 'First Name', 255),
    f.name('last_name', 'Last Name', 255, { required: true }),
    { ...f.readOnly(f.name('full_name', 'Full Name', 510)), type: 'fullname', nonDb: true, source: 'non-db' },
    f.email(),
    f.text('title', 'Title', 50),
    f.enum('status', 'Status', 'user_status_dom'),
    f.bool('is_admin', 'Is Administrator'),
  ],
};

const Opportunities: ModuleDef = {
  name: 'Opportunities', table: 'opportunities',
  fields: [
    ...standardFields(),
    f.name('name', 'Opportunity Name', 50, { required: true }),
    f.relateId('account_id', 'Account Id', 'Accounts'),
    f.relate('account_name', 'Account Name', 'Accounts', 'account_id'),
    f.currency('amount', 'Opportunity Amount'),
    f.enum('sales_stage', 'Sales Stage', 'sales_stage_dom', { required: true }),
    f.int('probability', 'Probability (%)'),
    f.date('date_closed', 'Expected Close Date', { required: true }),
    f.enum('opportunity_type', 'Type', 'opportunity_type_dom'),
    f.enum('lead_source', 'Lead Source', 'lead_source_dom'),
    f.relateId('campaign_id', 'Campaign Id', 'Campaigns'),
    ...assignedUserFields(),
    ...linksOf('Opportunities'),
  ],
};

const Campaigns: ModuleDef = {
  name: 'Campaigns', table: 'campaigns',
  fields: [
    ...standardFields(),
    f.name('name', 'Name', 50, { required: true }),
    f.enum('status', 'Status', 'campaign_status_dom', { required: true }),
    f.enum('campaign_type', 'Type', 'campaign_type_dom', { required: true }),
    f.date('start_date', 'Start Date'),
    f.date('end_date', 'End Date', { required: true }),
    ...assignedUserFields(),
    ...linksOf('Campaigns'),
  ],
};

/** Target Lists: `list_type` default/seed are mailing lists, the exempt_* types suppression lists. */
const ProspectLists: ModuleDef = {
  name: 'ProspectLists', table: 'prospect_lists',
  fields: [
    ...standardFields(),
    f.name('name', 'Name', 50, { required: true }),
    f.enum('list_type', 'Type', 'prospect_list_type_dom', { required: true }),
    f.text('domain_name', 'Domain Name', 255),
    { ...f.readOnly(f.int('entry_count', 'Entry Count')), nonDb: true, source: 'non-db' },
    ...assignedUserFields(),
    ...linksOf('ProspectLists'),
  ],
};

export const MODULES: readonly ModuleDef[] = [Contacts, Leads, Accounts, Users, Opportunities, Campaigns, ProspectLists];

export function moduleByName(name: string): ModuleDef | undefined {
  return MODULES.find((m) => m.name === name);
}

export function moduleOf(name: string): ModuleDef {
  const def = moduleByName(name);
  if (!def) throw new Error(`unknown Sugar module ${name}`);
  return def;
}

export function fieldOf(module: ModuleDef, name: string): FieldDef | undefined {
  return module.fields.find((field) => field.name === name);
}

/** Fields stored on the record (not composed on read, not links). */
export function storedFields(module: ModuleDef): FieldDef[] {
  return module.fields.filter((field) => !field.nonDb);
}
