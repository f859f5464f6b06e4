import { OPPORTUNITY_CONTACTS, SUGAR_MODEL, TARGET_LIST_MEMBERS } from '../../../domain/crm/sugar/sugar-model';
import type { ConnectionMapping } from '../../../domain/mapping/mapping';
import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS, orgSizeForPeople, startSugarEmulator, type Row } from '../../../sugar-emulator';
import { DROPDOWNS } from '../../../sugar-emulator/schema/dropdowns';
import { connect } from '../../integration/sugar-emulator/sugar-client';
import type { ConformanceTarget, EmulatedOrg, OrgRecord } from '../target';
import { kitFaults } from './emulator-faults';

/** The field a CRM user edits on each module the kit changes. */
const EDITED_FIELD: Record<string, string> = { Leads: 'title', Contacts: 'title', Accounts: 'name', Opportunities: 'name', ProspectLists: 'name' };

const both = (crmField: string, target: ConnectionMapping['entries'][number]['target']) => (['Lead', 'Contact'] as const).map((crmObject) => ({ crmObject, crmField, target }));

/** The demo mapping in Sugar fields: the stock person fields and the Studio fields a marketing team adds, behavior_score_c the score. */
const MAPPING: ConnectionMapping = {
  pushPolicy: { default: 'deny' },
  entries: [
    ...both('email1', { kind: 'standard', field: 'email' }),
    ...both('first_name', { kind: 'standard', field: 'firstName' }),
    ...both('last_name', { kind: 'standard', field: 'lastName' }),
    ...both('title', { kind: 'standard', field: 'title' }),
    ...both('phone_work', { kind: 'standard', field: 'phone' }),
    { crmObject: 'Lead', crmField: 'account_name', target: { kind: 'standard', field: 'company' } },
    ...both('behavior_score_c', { kind: 'custom', name: 'behaviorScore', type: 'Score' }),
    ...both('newsletter_opt_in_c', { kind: 'custom', name: 'newsletterOptIn', type: 'Boolean' }),
    ...both('customer_tier_c', { kind: 'custom', name: 'customerTier', type: 'Text' }),
    ...both('interests_c', { kind: 'custom', name: 'interests', type: 'MultiText' }),
    ...both('last_webinar_date_c', { kind: 'custom', name: 'lastWebinarDate', type: 'Date' }),
  ],
};

const PERSON_MODULES = new Set(['Contacts', 'Leads']);
const emailOf = (label: string) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;

/**
 * A REST record in the shape the connector hands the core: no `_acl`, `_module` or `email`
 * collection, none of the counts Sugar composes per read (`entry_count`), multienums ';'-joined,
 * decimal and currency text as numbers.
 */
function asConnectorHandsIt(row: Record<string, unknown>, composed: ReadonlySet<string>, numeric: ReadonlySet<string>): OrgRecord {
  const out: OrgRecord = {};
  for (const [name, value] of Object.entries(row)) {
    if (name === '_acl' || name === '_module' || name === 'email' || composed.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(';') : numeric.has(name) && typeof value === 'string' && value !== '' ? Number(value) : value;
  }
  return out;
}

/** SugarCRM (REST API v11), against the Sugar emulator (sugar-emulator/). */
export const sugarTarget: ConformanceTarget = {
  crm: 'sugar',
  label: 'SugarCRM',
  async startOrg({ seed, people }) {
    const emu = await startSugarEmulator({ seed, org: orgSizeForPeople(people) });
    const { store } = emu;
    const admin = connect(emu, TEST_ADMIN_CREDENTIALS);
    const isPersonMember = (m: { module: string }) => PERSON_MODULES.has(m.module);
    const mailingLists = () => store.list('ProspectLists').filter((l) => l.list_type === 'default');

    /**
     * The join rows the connector composes into link objects, from the store: the REST API shows
     * them only through links.
     */
    function members(): OrgRecord[] {
      return store.list('ProspectLists').flatMap((list) =>
        store.listMembers(String(list.id)).filter(isPersonMember).flatMap((m) => {
          const person = store.get(m.module, m.id);
          const id = `${m.id}:${String(list.id)}`;
          return person ? [{ id, prospect_list_id: list.id, related_id: m.id, related_module: m.module }] : [];
        }),
      );
    }
    function opportunityContacts(): OrgRecord[] {
      return store.relationshipRows('opportunities_contacts').flatMap((rel) => {
        const opportunity = store.get('Opportunities', rel.lhsId);
        if (!opportunity || !store.get('Contacts', rel.rhsId)) return [];
        const id = `${rel.lhsId}:${rel.rhsId}`;
        return [{ id, opportunity_id: rel.lhsId, contact_id: rel.rhsId, contact_role: rel.role ?? '' }];
      });
    }

    /** Every record of a module through the REST API, as the test administrator (not crm-sync) reads it. */
    async function records(object: string): Promise<OrgRecord[]> {
      if (object === TARGET_LIST_MEMBERS) return members();
      if (object === OPPORTUNITY_CONTACTS) return opportunityContacts();
      const rows: OrgRecord[] = [];
      const composed = new Set(store.module(object).fields.filter((d) => d.nonDb && d.type !== 'relate' && d.type !== 'fullname').map((d) => d.name));
      const numeric = new Set(store.module(object).fields.filter((d) => d.type === 'decimal' || d.type === 'currency').map((d) => d.name));
      for (let offset = 0; offset !== -1; ) {
        const page = await admin.request<{ records: Record<string, unknown>[]; next_offset: number }>('POST', `${object}/filter`, { max_num: 1000, offset, order_by: 'id:ASC' });
        if (page.status !== 200) throw new Error(`reading ${object} answered ${page.status}: ${JSON.stringify(page.body)}`);
        rows.push(...page.body.records.map((row) => asConnectorHandsIt(row, composed, numeric)));
        offset = page.body.next_offset;
      }
      return rows;
    }

    /** Fields whose value follows other records or a formula without moving date_modified (relate names, Sugar Logic). */
    const calculatedFields = (object: string) =>
      object === TARGET_LIST_MEMBERS || object === OPPORTUNITY_CONTACTS
        ? []
        : store.module(object).fields.filter((d) => d.calculated || d.type === 'relate').map((d) => d.name);

    const ids = (object: string): string[] => {
      if (object === TARGET_LIST_MEMBERS) return members().map((r) => String(r.id));
      if (object === OPPORTUNITY_CONTACTS) return opportunityContacts().map((r) => String(r.id));
      return store.list(object).map((row) => String(row.id));
    };

    /**
     * Removes a link record (a member leaves a list, a contact leaves an opportunity) as a CRM user
     * does. One whose person was purged a moment ago went with it: nothing is left to remove.
     */
    const unlink = (object: string, id: string) => {
      const [left, right] = id.split(':');
      const removed = object === TARGET_LIST_MEMBERS ? store.removeListMember(right, left) : store.unrelate('opportunities_contacts', left, right);
      const personId = object === TARGET_LIST_MEMBERS ? left : right;
      if (!removed && (store.getWithDeleted('Contacts', personId) || store.getWithDeleted('Leads', personId))) {
        throw new Error(`${id} is no ${object} record`);
      }
    };

    const target: EmulatedOrg = {
      url: emu.url,
      connectionInput: (name) => ({
        crm: 'sugar',
        name,
        loginUrl: emu.url,
        platform: DEMO_CREDENTIALS.platform,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
      }),
      mapping: MAPPING,
      score: { marketingField: 'behaviorScore', crmField: 'behavior_score_c' },
      title: { marketingField: 'title', crmField: 'title' },
      records,
      calculatedFields,
      idField: () => 'id',
      ids,
      valueOf: (object, id, field) => {
        if (object === TARGET_LIST_MEMBERS || object === OPPORTUNITY_CONTACTS) {
          const record = (object === TARGET_LIST_MEMBERS ? members() : opportunityContacts()).find((r) => r.id === id);
          return record ? (record[field] ?? null) : undefined;
        }
        const row: Row | undefined = store.get(object, id);
        if (!row) return undefined;
        const value = row[field];
        return Array.isArray(value) ? value.join(';') : (value ?? null);
      },
      insertPerson: (type, label) => {
        const module = SUGAR_MODEL.people[type].object;
        return String(store.insert(module, { last_name: label, email1: emailOf(label), ...(type === 'Lead' ? { account_name: `${label} Inc` } : {}) }).id);
      },
      editRecord: (object, id, label) => {
        const field = EDITED_FIELD[object];
        if (!field) throw new Error(`the SugarCRM target edits no field of ${object}`);
        store.update(object, id, { [field]: label });
      },
      setValue: (object, id, field, value) => void store.update(object, id, { [field]: value }),
      // Every save moves date_modified and modified_user_id, and Sugar Logic recalculates the score band from the score.
      writeStamps: ['date_modified', 'modified_user_id', 'score_band_c'],
      deleteRecord: (object, id) => {
        if (object === TARGET_LIST_MEMBERS || object === OPPORTUNITY_CONTACTS) return unlink(object, id);
        if (!store.delete(object, id)) throw new Error(`no live ${object} ${id}`);
      },
      // A purge leaves no trace; a removed link shows through no API either, so it is one too.
      hardDeleteRecord: (object, id) => {
        if (object === TARGET_LIST_MEMBERS || object === OPPORTUNITY_CONTACTS) return unlink(object, id);
        if (!store.hardDelete(object, id)) throw new Error(`no ${object} ${id}`);
      },
      setClock: (at) => store.setClock(at),
      advanceClock: (ms) => store.advanceClock(ms),
      listSourceIds: () =>
        mailingLists()
          .map((l) => ({ id: String(l.id), members: store.listMembers(String(l.id)).filter(isPersonMember).length }))
          .sort((a, b) => b.members - a.members)
          .map((l) => l.id),
      listSource: (listId) => ({ kind: 'campaign', campaignId: listId }),
      listMembers: (listId) => store.listMembers(listId).filter(isPersonMember).map((m) => m.id),
      addListMember: (listId, person) => {
        store.addListMember(listId, { module: SUGAR_MODEL.people[person.type].object, id: person.id });
        return `${person.id}:${listId}`;
      },
      removeListMember: (listId, personId) => {
        if (!store.removeListMember(listId, personId)) throw new Error(`${personId} is no member of Target List ${listId}`);
      },
      faults: kitFaults(emu.faults, {
        quota: 'RATE_LIMIT',
        'expired-auth': 'INVALID_GRANT',
        'server-error': 'SERVER_ERROR',
        latency: 'LATENCY',
        'row-lock': 'ROW_LOCK',
        'lost-answer': 'LOST_ANSWER',
      }),
      stats: {
        apiCalls: () => emu.stats.apiCalls,
        writesByRecordId: () => new Map(emu.stats.writesByRecordId),
        reset: () => emu.stats.reset(),
        deletesByCrmSync: () => emu.stats.deleteRequestsBy('crm-sync'),
      },
      describe: {
        // Dropdown keys are what records hold and pushes send; their labels ride along for pages.
        picklist: { field: 'customer_tier_c', values: Object.keys(DROPDOWNS.customer_tier_list).filter(Boolean), storedValueOf: (offered) => offered },
        boolean: 'newsletter_opt_in_c',
        calculated: 'score_band_c',
      },
      close: () => emu.close(),
    };
    return target;
  },
};
