import type { CrmModel, CrmObjectModel } from '../crm-model';

const dv = (object: string, role: CrmObjectModel['role'], label: string, pluralLabel: string, extra: Partial<CrmObjectModel> = {}): CrmObjectModel => ({
  object,
  role,
  label,
  pluralLabel,
  stampField: 'modifiedon',
  changes: 'delta',
  deletes: 'delta',
  coreFields: [],
  identifyingFields: ['fullname', 'name', 'createdon'],
  ...extra,
});

/**
 * Microsoft Dynamics 365 (Dataverse) as the core sees it. Tables with change tracking are read by
 * delta links (changed and removed rows since a token); `listmember` does not track changes by
 * default, so it is read by (modifiedon, id) keyset and its removals are found by id diff. Lookups
 * are stored as the Web API returns them, `_<attribute>_value`.
 *
 * Marketing lists (`list`) play the campaign part: they are what a marketer imports a list from and
 * what segments test membership of. The opportunity is its own deal link (its customer contact).
 */
export const DYNAMICS_MODEL: CrmModel = {
  crm: 'dynamics',
  label: 'Microsoft Dynamics 365',
  objects: [
    dv('systemuser', 'owner', 'User', 'Users', { coreFields: ['fullname', 'internalemailaddress'] }),
    dv('account', 'account', 'Account', 'Accounts', { coreFields: ['name'] }),
    dv('list', 'campaign', 'Marketing list', 'Marketing lists', { coreFields: ['listname', 'type', 'createdfromcode'] }),
    dv('lead', 'person', 'Lead', 'Leads', {
      personType: 'Lead',
      coreFields: ['emailaddress1', '_ownerid_value', '_parentaccountid_value'],
      identifyingFields: ['fullname', 'firstname', 'lastname', 'emailaddress1', 'companyname', 'createdon'],
    }),
    dv('contact', 'person', 'Contact', 'Contacts', {
      personType: 'Contact',
      coreFields: ['emailaddress1', '_ownerid_value', '_parentcustomerid_value'],
      identifyingFields: ['fullname', 'firstname', 'lastname', 'emailaddress1', 'createdon'],
    }),
    dv('opportunity', 'deal', 'Opportunity', 'Opportunities', { coreFields: ['name', '_parentcontactid_value'] }),
    dv('listmember', 'membership', 'Marketing list member', 'Marketing list members', {
      changes: 'keyset',
      deletes: 'id-diff',
      coreFields: ['_listid_value', '_entityid_value'],
      identifyingFields: ['createdon'],
    }),
  ],
  people: {
    Lead: { object: 'lead', accountField: '_parentaccountid_value', ownerField: '_ownerid_value', emailField: 'emailaddress1' },
    Contact: { object: 'contact', accountField: '_parentcustomerid_value', ownerField: '_ownerid_value', emailField: 'emailaddress1' },
  },
  account: { object: 'account', nameField: 'name' },
  owner: { object: 'systemuser', nameField: 'fullname' },
  deal: { object: 'opportunity', nameField: 'name', label: 'Opportunity', pluralLabel: 'Opportunities' },
  dealLink: { object: 'opportunity', personField: '_parentcontactid_value', dealField: null },
  campaign: { object: 'list', nameField: 'listname', label: 'Marketing list', pluralLabel: 'Marketing lists' },
  membership: {
    object: 'listmember',
    campaignField: '_listid_value',
    personFields: ['_entityid_value'],
    personFieldTypes: [null],
    statusField: null,
    respondedField: null,
    label: 'Marketing list member',
    pluralLabel: 'Marketing list members',
  },
  listFilter: {
    label: 'OData $filter',
    placeholder: "new_customertier eq 100000002 and contains(emailaddress1,'example.org') and Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=90)",
  },
  reportsDailyApiUsage: false,
  apiLimitsNote: 'service protection limits: requests answered 429 are retried after the Retry-After the CRM gives',
  // 100 guids in one $filter keep the request URL far below the Web API's length limit.
  maxIdsPerFetch: 100,
  writePaths: ['single', 'batch'],
  writePathLabels: { single: 'one Web API request per record', batch: 'Web API $batch requests' },
};
