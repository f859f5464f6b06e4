import type { RunningSugarEmulator } from '../../../sugar-emulator';
import { connect, startSmallEmulator, type SugarClient } from './sugar-client';

type Fields = Record<string, Record<string, unknown>>;

describe('Sugar emulator: metadata', () => {
  let emu: RunningSugarEmulator;
  let client: SugarClient;

  beforeAll(async () => {
    emu = await startSmallEmulator({ org: 'empty' });
    client = connect(emu);
  });
  afterAll(() => emu.close());

  it('serves field definitions per module: types, dropdown list names, required and calculated fields', async () => {
    const answer = await client.get<{ modules: Record<string, { fields: Fields }>; _hash: string }>('metadata?type_filter=modules&module_filter=Contacts,Leads');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.modules)).toEqual(['Contacts', 'Leads']);
    const fields = answer.body.modules.Contacts.fields;
    expect(fields.last_name).toMatchObject({ type: 'name', required: true, len: 100 });
    expect(fields.behavior_score_c).toMatchObject({ type: 'int', source: 'custom_fields' });
    expect(fields.newsletter_opt_in_c).toMatchObject({ type: 'bool' });
    expect(fields.customer_tier_c).toMatchObject({ type: 'enum', options: 'customer_tier_list' });
    expect(fields.interests_c).toMatchObject({ type: 'multienum', options: 'interests_list', isMultiSelect: true });
    expect(fields.last_webinar_date_c).toMatchObject({ type: 'date' });
    expect(fields.score_band_c).toMatchObject({ calculated: true, enforced: true, formula: expect.stringContaining('$behavior_score_c') });
    expect(fields.account_name).toMatchObject({ type: 'relate', module: 'Accounts', id_name: 'account_id' });
    expect(fields.prospect_lists).toMatchObject({ type: 'link', relationship: 'prospect_lists_prospects' });
    expect(answer.body._hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('offers each dropdown’s keys and labels, per field and for the whole application, with the field labels', async () => {
    await expect(client.get('Contacts/enum/customer_tier_c')).resolves.toMatchObject({ status: 200, body: { '': '', bronze: 'Bronze', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' } });
    await expect(client.get('Contacts/enum/last_name')).resolves.toMatchObject({ status: 404 });
    const lang = await client.get<{ app_list_strings: Record<string, Record<string, string>>; mod_strings: Record<string, Record<string, string>> }>('lang/en_us');
    expect(lang.body.app_list_strings.interests_list).toMatchObject({ analytics: 'Analytics' });
    expect(lang.body.mod_strings.Contacts.LBL_BEHAVIOR_SCORE).toBe('Behavior Score');
  });

  it('answers an unknown route with 404 no_method', async () => {
    await expect(client.get('Gadgets')).resolves.toMatchObject({ status: 404, body: { error: 'no_method' } });
  });
});
