import { auditColumns, col, options } from './columns';
import { INDUSTRIES, LEAD_SOURCES, marketingColumns } from './marketing-columns';
import type { Row, TableDef } from './types';

const ACTIVE_STATE = options([0, 'Active'], [1, 'Inactive']);
const ACTIVE_STATUS = options([1, 'Active'], [2, 'Inactive']);

function fullName(row: Row): void {
  row.fullname = [row.firstname, row.lastname].filter((p) => typeof p === 'string' && p).join(' ') || null;
}

const contact: TableDef = {
  logicalName: 'contact', entitySetName: 'contacts', displayName: 'Contact', primaryId: 'contactid', primaryName: 'fullname', changeTracking: true,
  deriveOnWrite: fullName,
  columns: [
    col.id('contactid', 'Contact'),
    col.text('firstname', 'First Name', 50),
    col.text('lastname', 'Last Name', 50, { requiredLevel: 'ApplicationRequired' }),
    col.readOnly(col.text('fullname', 'Full Name', 160)),
    col.text('emailaddress1', 'Email', 100, { format: 'Email' }),
    col.text('jobtitle', 'Job Title', 100),
    col.text('telephone1', 'Business Phone', 50, { format: 'Phone' }),
    col.text('address1_city', 'Address 1: City', 80),
    col.text('address1_country', 'Address 1: Country/Region', 80),
    col.choice('leadsourcecode', 'Lead Source', LEAD_SOURCES),
    col.bool('donotbulkemail', 'Do not allow Bulk Emails', { true: 'Do Not Allow', false: 'Allow' }),
    col.lookup('parentcustomerid', 'Company Name', ['account', 'contact']),
    col.owner(),
    col.state(ACTIVE_STATE),
    col.status(ACTIVE_STATUS),
    ...marketingColumns(),
    col.computed('new_openopportunities', 'Open Opportunities', 'Integer', 2),
    ...auditColumns(),
  ],
};

const lead: TableDef = {
  logicalName: 'lead', entitySetName: 'leads', displayName: 'Lead', primaryId: 'leadid', primaryName: 'fullname', changeTracking: true,
  deriveOnWrite: fullName,
  columns: [
    col.id('leadid', 'Lead'),
    col.text('subject', 'Topic', 300, { requiredLevel: 'ApplicationRequired' }),
    col.text('firstname', 'First Name', 50),
    col.text('lastname', 'Last Name', 50, { requiredLevel: 'ApplicationRequired' }),
    col.readOnly(col.text('fullname', 'Name', 160)),
    col.text('emailaddress1', 'Email', 100, { format: 'Email' }),
    col.text('jobtitle', 'Job Title', 100),
    col.text('telephone1', 'Business Phone', 50, { format: 'Phone' }),
    col.text('companyname', 'Company Name', 100),
    col.text('address1_city', 'City', 80),
    col.text('address1_country', 'Country/Region', 80),
    col.choice('leadsourcecode', 'Lead Source', LEAD_SOURCES),
    col.choice('industrycode', 'Industry', INDUSTRIES),
    col.bool('donotbulkemail', 'Do not allow Bulk Emails', { true: 'Do Not Allow', false: 'Allow' }),
    col.lookup('parentcontactid', 'Existing Contact', ['contact']),
    col.owner(),
    col.state(options([0, 'Open'], [1, 'Qualified'], [2, 'Disqualified'])),
    col.status(options([1, 'New'], [2, 'Contacted'], [3, 'Qualified'], [4, 'Lost'], [5, 'Cannot Contact'], [6, 'No Longer Interested'], [7, 'Canceled'])),
    ...marketingColumns(),
    ...auditColumns(),
  ],
};

const account: TableDef = {
  logicalName: 'account', entitySetName: 'accounts', displayName: 'Account', primaryId: 'accountid', primaryName: 'name', changeTracking: true,
  columns: [
    col.id('accountid', 'Account'),
    col.text('name', 'Account Name', 160, { requiredLevel: 'ApplicationRequired' }),
    col.choice('customertypecode', 'Relationship Type', options([1, 'Competitor'], [3, 'Customer'], [5, 'Partner'], [11, 'Prospect'])),
    col.choice('industrycode', 'Industry', INDUSTRIES),
    col.money('revenue', 'Annual Revenue'),
    col.int('numberofemployees', 'Number of Employees'),
    col.text('address1_city', 'Address 1: City', 80),
    col.text('address1_country', 'Address 1: Country/Region', 80),
    col.text('websiteurl', 'Website', 200, { format: 'Url' }),
    col.owner(),
    col.state(ACTIVE_STATE),
    col.status(ACTIVE_STATUS),
    ...auditColumns(),
  ],
};

const systemuser: TableDef = {
  logicalName: 'systemuser', entitySetName: 'systemusers', displayName: 'User', primaryId: 'systemuserid', primaryName: 'fullname', changeTracking: true,
  deriveOnWrite: fullName,
  columns: [
    col.id('systemuserid', 'User'),
    col.text('firstname', 'First Name', 64),
    col.text('lastname', 'Last Name', 64, { requiredLevel: 'SystemRequired' }),
    col.readOnly(col.text('fullname', 'Full Name', 200)),
    col.text('internalemailaddress', 'Primary Email', 100, { format: 'Email' }),
    col.text('domainname', 'User Name', 1024, { requiredLevel: 'SystemRequired' }),
    col.text('title', 'Title', 128),
    col.bool('isdisabled', 'Status', { true: 'Disabled', false: 'Enabled' }),
    ...auditColumns(),
  ],
};

const opportunity: TableDef = {
  logicalName: 'opportunity', entitySetName: 'opportunities', displayName: 'Opportunity', primaryId: 'opportunityid', primaryName: 'name', changeTracking: true,
  columns: [
    col.id('opportunityid', 'Opportunity'),
    col.text('name', 'Topic', 300, { requiredLevel: 'ApplicationRequired' }),
    col.lookup('parentcontactid', 'Contact', ['contact']),
    col.lookup('parentaccountid', 'Account', ['account']),
    col.lookup('customerid', 'Potential Customer', ['account', 'contact']),
    col.money('estimatedvalue', 'Est. Revenue'),
    col.int('closeprobability', 'Probability'),
    col.date('estimatedclosedate', 'Est. Close Date'),
    col.choice('salesstagecode', 'Process Code', options([0, 'Qualify'], [1, 'Develop'], [2, 'Propose'], [3, 'Close'])),
    col.owner(),
    col.state(options([0, 'Open'], [1, 'Won'], [2, 'Lost'])),
    col.status(options([1, 'In Progress'], [2, 'On Hold'], [3, 'Won'], [4, 'Canceled'], [5, 'Out-Sold'])),
    ...auditColumns(),
  ],
};

const campaign: TableDef = {
  logicalName: 'campaign', entitySetName: 'campaigns', displayName: 'Campaign', primaryId: 'campaignid', primaryName: 'name', changeTracking: true,
  columns: [
    col.id('campaignid', 'Campaign'),
    col.text('name', 'Name', 128, { requiredLevel: 'ApplicationRequired' }),
    col.choice('typecode', 'Campaign Type', options([1, 'Advertisement'], [2, 'Direct Marketing'], [3, 'Event'], [4, 'Co-branding'], [5, 'Other'])),
    col.date('actualstart', 'Actual Start'),
    col.date('actualend', 'Actual End'),
    col.owner(),
    col.state(ACTIVE_STATE),
    col.status(options([0, 'Proposed'], [1, 'Ready To Launch'], [2, 'Launched'], [3, 'Completed'], [4, 'Canceled'], [5, 'Suspended'], [6, 'Inactive'])),
    ...auditColumns(),
  ],
};

/** Marketing list: `type` false = static (members in listmember), true = dynamic (members are whoever `query` matches). */
const list: TableDef = {
  logicalName: 'list', entitySetName: 'lists', displayName: 'Marketing List', primaryId: 'listid', primaryName: 'listname', changeTracking: true,
  columns: [
    col.id('listid', 'List'),
    col.text('listname', 'Name', 128, { requiredLevel: 'ApplicationRequired' }),
    col.bool('type', 'Type', { true: 'Dynamic', false: 'Static' }),
    col.choice('createdfromcode', 'Targeted At', options([1, 'Account'], [2, 'Contact'], [4, 'Lead'])),
    col.memo('query', 'Query'),
    col.readOnly(col.int('membercount', 'Members Count')),
    col.lookup('campaignid', 'Source Campaign', ['campaign']),
    col.owner(),
    col.state(ACTIVE_STATE),
    col.status(options([0, 'Active'], [1, 'Locked'])),
    ...auditColumns(),
  ],
};

const listmember: TableDef = {
  logicalName: 'listmember', entitySetName: 'listmembers', displayName: 'Marketing List Member', primaryId: 'listmemberid', primaryName: 'listmemberid', changeTracking: false,
  columns: [
    col.id('listmemberid', 'List Member'),
    col.lookup('listid', 'List', ['list']),
    col.lookup('entityid', 'Member', ['account', 'contact', 'lead']),
    ...auditColumns(),
  ],
};

export const TABLES: readonly TableDef[] = [contact, lead, account, systemuser, opportunity, campaign, list, listmember];

export function tableByLogicalName(name: string): TableDef | undefined {
  return TABLES.find((t) => t.logicalName === name);
}

export function tableByEntitySet(name: string): TableDef | undefined {
  return TABLES.find((t) => t.entitySetName === name);
}

export function tableOf(name: string): TableDef {
  const table = tableByLogicalName(name) ?? tableByEntitySet(name);
  if (!table) throw new Error(`unknown Dataverse table ${name}`);
  return table;
}
