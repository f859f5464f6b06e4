import { syncedObjectNames, type CrmModel, type CrmObjectModel } from '../crm-model';
import { MAX_IDS_PER_QUERY } from './soql';

const sf = (object: string, role: CrmObjectModel['role'], label: string, pluralLabel: string, extra: Partial<CrmObjectModel> = {}): CrmObjectModel => ({
  object,
  role,
  label,
  pluralLabel,
  stampField: 'SystemModstamp',
  changes: 'keyset',
  deletes: 'recycle-bin',
  coreFields: [],
  identifyingFields: ['Name', 'CreatedDate'],
  ...extra,
});

/**
 * Salesforce as the core sees it. Every object is read by (SystemModstamp, Id) keyset, deletes come
 * from the recycle bin (queryAll IsDeleted = true), and campaign members removed without a trace are
 * found by the drift check.
 */
export const SALESFORCE_MODEL: CrmModel = {
  crm: 'salesforce',
  label: 'Salesforce',
  objects: [
    sf('User', 'owner', 'User', 'Users', { coreFields: ['Name', 'Email'] }),
    sf('Account', 'account', 'Account', 'Accounts', { coreFields: ['Name'] }),
    sf('Campaign', 'campaign', 'Campaign', 'Campaigns', { coreFields: ['Name'] }),
    sf('Lead', 'person', 'Lead', 'Leads', {
      personType: 'Lead',
      coreFields: ['Email', 'OwnerId'],
      identifyingFields: ['Name', 'FirstName', 'LastName', 'Email', 'Company', 'CreatedDate'],
    }),
    sf('Contact', 'person', 'Contact', 'Contacts', {
      personType: 'Contact',
      coreFields: ['Email', 'AccountId', 'OwnerId'],
      identifyingFields: ['Name', 'FirstName', 'LastName', 'Email', 'CreatedDate'],
    }),
    sf('Opportunity', 'deal', 'Opportunity', 'Opportunities', { coreFields: ['Name'] }),
    sf('OpportunityContactRole', 'dealLink', 'Opportunity Contact Role', 'Opportunity Contact Roles', { coreFields: ['ContactId', 'OpportunityId'] }),
    sf('CampaignMember', 'membership', 'Campaign Member', 'Campaign Members', { coreFields: ['CampaignId', 'ContactId', 'LeadId', 'Status', 'HasResponded'] }),
  ],
  people: {
    Lead: { object: 'Lead', accountField: null, ownerField: 'OwnerId', emailField: 'Email' },
    Contact: { object: 'Contact', accountField: 'AccountId', ownerField: 'OwnerId', emailField: 'Email' },
  },
  account: { object: 'Account', nameField: 'Name' },
  owner: { object: 'User', nameField: 'Name' },
  deal: { object: 'Opportunity', nameField: 'Name', label: 'Opportunity', pluralLabel: 'Opportunities' },
  dealLink: { object: 'OpportunityContactRole', personField: 'ContactId', dealField: 'OpportunityId' },
  campaign: { object: 'Campaign', nameField: 'Name', statusField: 'Status', label: 'Campaign', pluralLabel: 'Campaigns' },
  membership: {
    object: 'CampaignMember',
    campaignField: 'CampaignId',
    personFields: ['ContactId', 'LeadId'],
    personFieldTypes: ['Contact', 'Lead'],
    statusField: 'Status',
    respondedField: 'HasResponded',
    label: 'Campaign member',
    pluralLabel: 'Campaign members',
  },
  listFilter: { label: 'SOQL WHERE clause', placeholder: "LeadSource = 'Web' AND AnnualRevenue > 1000000" },
  maxIdsPerFetch: MAX_IDS_PER_QUERY,
  writePaths: ['batch', 'bulk'],
  writePathLabels: { batch: 'sObject Collections (200 per call)', bulk: 'the Bulk API 2.0' },
};

/** The objects a Salesforce connection syncs, in order: for the Salesforce emulator's tests and the benchmark. */
export const SALESFORCE_OBJECTS: readonly string[] = syncedObjectNames(SALESFORCE_MODEL);
export type SalesforceObject = string;
