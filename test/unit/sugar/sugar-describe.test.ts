import { toObjectDescribe, type SugarLanguage, type SugarVardef } from '../../../domain/crm/sugar/sugar-describe';

describe('Sugar vardefs → the core’s describe', () => {
  const vardefs: Record<string, SugarVardef> = {
    id: { name: 'id', vname: 'LBL_ID', type: 'id', readonly: true },
    date_modified: { name: 'date_modified', vname: 'LBL_DATE_MODIFIED', type: 'datetime', readonly: true },
    email1: { name: 'email1', vname: 'LBL_EMAIL_ADDRESS', type: 'varchar' },
    account_id: { name: 'account_id', vname: 'LBL_ACCOUNT_ID', type: 'id', module: 'Accounts' },
    account_name: { name: 'account_name', vname: 'LBL_ACCOUNT_NAME', type: 'relate', module: 'Accounts', id_name: 'account_id', readonly: true, source: 'non-db' },
    full_name: { name: 'full_name', vname: 'LBL_NAME', type: 'fullname', readonly: true, source: 'non-db' },
    behavior_score_c: { name: 'behavior_score_c', vname: 'LBL_BEHAVIOR_SCORE', type: 'int', source: 'custom_fields' },
    newsletter_opt_in_c: { name: 'newsletter_opt_in_c', vname: 'LBL_NEWSLETTER_OPT_IN', type: 'bool', source: 'custom_fields' },
    customer_tier_c: { name: 'customer_tier_c', vname: 'LBL_CUSTOMER_TIER', type: 'enum', options: 'customer_tier_list', source: 'custom_fields' },
    interests_c: { name: 'interests_c', vname: 'LBL_INTERESTS', type: 'multienum', isMultiSelect: true, options: 'interests_list', source: 'custom_fields' },
    score_band_c: { name: 'score_band_c', vname: 'LBL_SCORE_BAND', type: 'enum', options: 'score_band_list', calculated: true, formula: 'ifElse(…)', readonly: true, source: 'custom_fields' },
    last_webinar_date_c: { name: 'last_webinar_date_c', vname: 'LBL_LAST_WEBINAR_DATE', type: 'date', source: 'custom_fields' },
    opportunity_role: { name: 'opportunity_role', vname: 'LBL_OPPORTUNITY_ROLE', type: 'enum', source: 'non-db', readonly: true },
    prospect_lists: { name: 'prospect_lists', vname: 'LBL_PROSPECT_LISTS', type: 'link', source: 'non-db' },
    entry_count: { name: 'entry_count', vname: 'LBL_ENTRY_COUNT', type: 'int', source: 'non-db', readonly: true },
  };
  const language: SugarLanguage = {
    app_list_strings: {
      customer_tier_list: { '': '', bronze: 'Bronze', gold: 'Gold' },
      interests_list: { analytics: 'Analytics', email: 'Email' },
      score_band_list: { '': '', cold: 'Cold', hot: 'Hot' },
    },
    mod_strings: { Contacts: { LBL_BEHAVIOR_SCORE: 'Behavior Score', LBL_EMAIL_ADDRESS: 'Email Address' } },
  };
  const describe = toObjectDescribe('Contacts', vardefs, language, { label: 'Contacts' });
  const field = (name: string) => describe.fields.find((f) => f.name === name);

  it('maps types to the words the mapping editor and segment catalog know, with labels from the language strings', () => {
    expect(field('id')?.type).toBe('id');
    expect(field('email1')).toMatchObject({ type: 'email', label: 'Email Address', updateable: true });
    expect(field('behavior_score_c')).toMatchObject({ type: 'int', label: 'Behavior Score', updateable: true, calculated: false });
    expect(field('newsletter_opt_in_c')?.type).toBe('boolean');
    expect(field('last_webinar_date_c')?.type).toBe('date');
    expect(field('date_modified')).toMatchObject({ type: 'datetime', updateable: false });
    expect(field('account_id')).toMatchObject({ type: 'reference', referenceTo: ['Accounts'] });
  });

  it('offers dropdown keys as picklist values, without the empty key, and their labels beside them', () => {
    expect(field('customer_tier_c')).toMatchObject({ type: 'picklist', picklistValues: ['bronze', 'gold'], picklistLabels: { bronze: 'Bronze', gold: 'Gold' } });
    expect(field('interests_c')).toMatchObject({ type: 'multipicklist', picklistValues: ['analytics', 'email'] });
  });

  it('marks Sugar Logic fields and names composed from other records as calculated, never updateable', () => {
    expect(field('score_band_c')).toMatchObject({ calculated: true, updateable: false });
    expect(field('account_name')).toMatchObject({ calculated: true, updateable: false });
    // Composed from the record's own fields: it changes with date_modified.
    expect(field('full_name')).toMatchObject({ calculated: false, updateable: false });
  });

  it('leaves out links and what Sugar composes per read from other records (a role shown through a link, a count)', () => {
    expect(field('prospect_lists')).toBeUndefined();
    expect(field('opportunity_role')).toBeUndefined();
    expect(field('entry_count')).toBeUndefined();
    expect(describe.tracksDeletes).toBe(true);
  });
});
