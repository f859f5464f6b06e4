import type { CrmModel, CrmObjectModel } from '../crm-model';

/**
 * The two objects a Sugar REST API has no module for: their records are the rows of a
 * relationship's join table, which the API shows only through links (`/ProspectLists/:id/link/contacts`).
 * The connector composes them (sugar-link-objects.ts); their ids are `<one side>:<other side>`.
 */
export const TARGET_LIST_MEMBERS = 'ProspectListMembers';
export const OPPORTUNITY_CONTACTS = 'OpportunityContacts';

const sugar = (object: string, role: CrmObjectModel['role'], label: string, pluralLabel: string, extra: Partial<CrmObjectModel> = {}): CrmObjectModel => ({
  object,
  role,
  label,
  pluralLabel,
  stampField: 'date_modified',
  changes: 'keyset',
  // Sugar soft-deletes: with `deleted=true` a read sees deleted records, their date_modified moved.
  deletes: 'recycle-bin',
  coreFields: [],
  identifyingFields: ['name', 'full_name', 'date_entered'],
  ...extra,
});

/**
 * SugarCRM (REST API v11) as the core sees it. Every module is read by (date_modified, id) keyset,
 * and deletes are read back with `deleted=true` like a recycle bin. Target Lists (ProspectLists)
 * play the campaign part: marketers import lists from them and segments test membership.
 *
 * The opportunity↔contact relationship is many-to-many with a role (`opportunities_contacts`,
 * `contact_role`), like Salesforce's OpportunityContactRole rather than Dynamics' one customer
 * contact, so it is a link object of its own. Neither it nor Target List membership moves any
 * record's date_modified when it changes: each is read by keyset on the date_modified of the
 * record it hangs off (the opportunity, the member) and otherwise found by id diff, which the core
 * runs on every incremental sync of an `id-diff` object.
 */
export const SUGAR_MODEL: CrmModel = {
  crm: 'sugar',
  label: 'SugarCRM',
  objects: [
    sugar('Users', 'owner', 'User', 'Users', { coreFields: ['full_name', 'user_name', 'email1'], identifyingFields: ['user_name', 'full_name'] }),
    sugar('Accounts', 'account', 'Account', 'Accounts', { coreFields: ['name'] }),
    sugar('ProspectLists', 'campaign', 'Target List', 'Target Lists', { coreFields: ['name', 'list_type'] }),
    sugar('Leads', 'person', 'Lead', 'Leads', {
      personType: 'Lead',
      coreFields: ['email1', 'assigned_user_id', 'account_name'],
      identifyingFields: ['full_name', 'first_name', 'last_name', 'email1', 'account_name', 'date_entered'],
    }),
    sugar('Contacts', 'person', 'Contact', 'Contacts', {
      personType: 'Contact',
      coreFields: ['email1', 'assigned_user_id', 'account_id'],
      identifyingFields: ['full_name', 'first_name', 'last_name', 'email1', 'date_entered'],
    }),
    sugar('Opportunities', 'deal', 'Opportunity', 'Opportunities', { coreFields: ['name', 'account_id', 'sales_stage', 'amount'] }),
    sugar(OPPORTUNITY_CONTACTS, 'dealLink', 'Opportunity contact', 'Opportunity contacts', {
      deletes: 'id-diff',
      // A /bulk of the changed opportunities' contacts links follows each page of changed opportunities.
      readThrough: 'Opportunities',
      coreFields: ['opportunity_id', 'contact_id', 'contact_role'],
      identifyingFields: ['opportunity_id', 'contact_id'],
    }),
    sugar(TARGET_LIST_MEMBERS, 'membership', 'Target List member', 'Target List members', {
      deletes: 'id-diff',
      coreFields: ['prospect_list_id', 'related_id', 'related_module'],
      identifyingFields: ['prospect_list_id', 'related_id'],
    }),
  ],
  people: {
    // A lead's account is a name typed on it (account_name), not a link to an account.
    Lead: { object: 'Leads', accountField: null, ownerField: 'assigned_user_id', emailField: 'email1' },
    Contact: { object: 'Contacts', accountField: 'account_id', ownerField: 'assigned_user_id', emailField: 'email1' },
  },
  account: { object: 'Accounts', nameField: 'name' },
  owner: { object: 'Users', nameField: 'full_name' },
  deal: { object: 'Opportunities', nameField: 'name', label: 'Opportunity', pluralLabel: 'Opportunities' },
  dealLink: { object: OPPORTUNITY_CONTACTS, personField: 'contact_id', dealField: 'opportunity_id' },
  campaign: { object: 'ProspectLists', nameField: 'name', label: 'Target List', pluralLabel: 'Target Lists' },
  membership: {
    object: TARGET_LIST_MEMBERS,
    campaignField: 'prospect_list_id',
    personFields: ['related_id'],
    // related_module says which kind: a list holds leads and contacts alike.
    personFieldTypes: [null],
    statusField: null,
    respondedField: null,
    label: 'Target List member',
    pluralLabel: 'Target List members',
  },
  listFilter: null,
  reportsDailyApiUsage: false,
  apiLimitsNote: 'no daily allowance is reported: requests answered 429 are retried after the Retry-After the instance gives',
  // Ids go into a filter's $in list in a POST body, so the length of a URL does not bound them.
  maxIdsPerFetch: 200,
  writePaths: ['single', 'batch'],
  writePathLabels: { single: 'one REST request per record', batch: '/bulk requests' },
};
