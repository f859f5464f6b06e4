import type { CrmModel } from '../../../domain/crm/crm-model';
import { DYNAMICS_MODEL } from '../../../domain/crm/dynamics/dynamics-model';
import type { ConnectionMapping } from '../../../domain/mapping/mapping';
import { DEMO_CREDENTIALS, TEST_ADMIN_CREDENTIALS, orgSizeForPeople, startDynamicsEmulator, type FieldValue } from '../../../dynamics-emulator';
import { clientNameOf } from '../../../dynamics-emulator/credentials';
import { CUSTOMER_TIERS } from '../../../dynamics-emulator/schema/marketing-columns';
import type { ColumnDef } from '../../../dynamics-emulator/schema/types';
import { fetchToken } from '../../integration/dynamics-emulator/dataverse-client';
import type { ConformanceTarget, EmulatedOrg, OrgRecord } from '../target';
import { kitFaults } from './emulator-faults';

const MODEL: CrmModel = DYNAMICS_MODEL;

/** The column a CRM user edits on each table the kit changes. */
const EDITED_COLUMN: Record<string, string> = { lead: 'jobtitle', contact: 'jobtitle', account: 'name', opportunity: 'name', list: 'listname' };

const both = (crmField: string, target: ConnectionMapping['entries'][number]['target']) => (['Lead', 'Contact'] as const).map((crmObject) => ({ crmObject, crmField, target }));

/** The demo mapping in Dataverse columns: standard fields and the marketing columns, new_behaviorscore the score. */
const MAPPING: ConnectionMapping = {
  pushPolicy: { default: 'deny' },
  entries: [
    ...both('emailaddress1', { kind: 'standard', field: 'email' }),
    ...both('firstname', { kind: 'standard', field: 'firstName' }),
    ...both('lastname', { kind: 'standard', field: 'lastName' }),
    ...both('jobtitle', { kind: 'standard', field: 'title' }),
    ...both('telephone1', { kind: 'standard', field: 'phone' }),
    { crmObject: 'Lead', crmField: 'companyname', target: { kind: 'standard', field: 'company' } },
    ...both('new_behaviorscore', { kind: 'custom', name: 'behaviorScore', type: 'Score' }),
    ...both('new_newsletteroptin', { kind: 'custom', name: 'newsletterOptIn', type: 'Boolean' }),
    ...both('new_customertier', { kind: 'custom', name: 'customerTier', type: 'Text' }),
    ...both('new_interests', { kind: 'custom', name: 'interests', type: 'MultiText' }),
    ...both('new_lastwebinardate', { kind: 'custom', name: 'lastWebinarDate', type: 'Date' }),
  ],
};

/** A column as the Web API names it in rows: lookups as `_x_value`. */
const wireName = (c: ColumnDef) => (c.type === 'Lookup' || c.type === 'Owner' || c.type === 'Customer' ? `_${c.logicalName}_value` : c.logicalName);

const emailOf = (label: string) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;

/** Microsoft Dynamics 365 (Dataverse Web API v9.2), against the Dataverse emulator (dynamics-emulator/). */
export const dynamicsTarget: ConformanceTarget = {
  crm: 'dynamics',
  label: 'Dynamics 365',
  async startOrg({ seed, people }) {
    const emu = await startDynamicsEmulator({ seed, org: { ...orgSizeForPeople(people), listsPerPersonMax: 2 } });
    const { store } = emu;
    const primaryId = (table: string) => store.table(table).primaryId;
    const lookupId = (value: FieldValue | undefined) => (value && typeof value === 'object' ? value.id : undefined);
    const staticLists = () => store.list('list').filter((l) => l.type === false);
    const membershipsOf = (listId: string) => store.list('listmember').filter((m) => lookupId(m.listid) === listId.toLowerCase());

    /**
     * A row's value in the shape crm-sync stores it: the connector hands the core a choice as the
     * option value's text ("100000001") and a multi-select choice ';'-joined, where the Web API
     * answers an integer and a ','-joined string.
     */
    function asConnectorHandsIt(def: { columns: ColumnDef[] }): (field: string, value: unknown) => unknown {
      const choices = new Set(def.columns.filter((c) => ['Picklist', 'State', 'Status'].includes(c.type) && !c.multiSelect).map((c) => c.logicalName));
      const multiSelects = new Set(def.columns.filter((c) => c.multiSelect).map((c) => c.logicalName));
      return (field, value) =>
        choices.has(field) && typeof value === 'number' ? String(value) : multiSelects.has(field) && typeof value === 'string' ? value.split(',').join(';') : value;
    }

    /**
     * Every row of a table through the Web API, every readable column, as the test admin app (not
     * crm-sync) reads it, choices as the connector hands them to the core.
     */
    async function records(table: string): Promise<OrgRecord[]> {
      const def = store.table(table);
      const canonical = asConnectorHandsIt(def);
      const select = def.columns.map(wireName).join(',');
      const token = (await fetchToken(emu, TEST_ADMIN_CREDENTIALS)).access_token;
      const rows: OrgRecord[] = [];
      for (let url: string | undefined = `${emu.url}/api/data/v9.2/${def.entitySetName}?$select=${select}`; url; ) {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', Prefer: 'odata.maxpagesize=5000' } });
        if (!response.ok) throw new Error(`reading ${def.entitySetName} answered ${response.status}: ${await response.text()}`);
        const page = (await response.json()) as { value: OrgRecord[]; '@odata.nextLink'?: string };
        rows.push(...page.value.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !name.includes('@')).map(([name, value]) => [name, canonical(name, value)]))));
        url = page['@odata.nextLink'];
      }
      return rows;
    }

    const target: EmulatedOrg = {
      url: emu.url,
      // The emulator is both the Entra ID authority and the environment.
      connectionInput: (name) => ({
        crm: 'dynamics',
        name,
        environmentUrl: emu.url,
        tenantId: DEMO_CREDENTIALS.tenantId,
        loginUrl: emu.url,
        auth: { type: 'client_credentials', clientId: DEMO_CREDENTIALS.clientId, clientSecret: DEMO_CREDENTIALS.clientSecret },
      }),
      mapping: MAPPING,
      score: { marketingField: 'behaviorScore', crmField: 'new_behaviorscore' },
      title: { marketingField: 'title', crmField: 'jobtitle' },
      records,
      calculatedFields: (table) => store.table(table).columns.filter((c) => c.sourceType !== 0).map(wireName),
      idField: primaryId,
      ids: (table) => store.list(table).map((row) => String(row[primaryId(table)])),
      valueOf: (table, id, field) => {
        const row = store.get(table, id);
        if (!row) return undefined;
        const lookup = /^_(.+)_value$/.exec(field);
        return lookup ? (lookupId(row[lookup[1]]) ?? null) : (row[field] ?? null);
      },
      insertPerson: (type, label) => {
        const table = MODEL.people[type].object;
        const row = store.insert(table, { lastname: label, emailaddress1: emailOf(label), ...(type === 'Lead' ? { companyname: `${label} Inc`, subject: label } : {}) });
        return String(row[primaryId(table)]);
      },
      editRecord: (table, id, label) => {
        const column = EDITED_COLUMN[table];
        if (!column) throw new Error(`the Dynamics target edits no column of ${table}`);
        store.update(table, id, { [column]: label });
      },
      setValue: (table, id, field, value) => void store.update(table, id, { [field]: value }),
      // Every write moves the row's modifiedon, modifiedby and versionnumber (its etag).
      writeStamps: ['modifiedon', '_modifiedby_value', 'versionnumber'],
      deleteRecord: (table, id) => void store.delete(table, id),
      hardDeleteRecord: (table, id) => void store.hardDelete(table, id),
      setClock: (at) => store.setClock(at),
      advanceClock: (ms) => store.advanceClock(ms),
      listSourceIds: () =>
        staticLists()
          .map((l) => ({ id: String(l.listid), members: membershipsOf(String(l.listid)).length }))
          .sort((a, b) => b.members - a.members)
          .map((l) => l.id),
      listSource: (listId) => ({ kind: 'campaign', campaignId: listId }),
      listMembers: (listId) => membershipsOf(listId).map((m) => String(lookupId(m.entityid))),
      addListMember: (listId, person) => String(store.addListMember(listId, { id: person.id, table: MODEL.people[person.type].object }).listmemberid),
      removeListMember: (listId, personId) => {
        if (!store.removeListMember(listId, personId)) throw new Error(`${personId} is no member of marketing list ${listId}`);
      },
      faults: kitFaults(emu.faults, {
        quota: 'SERVICE_PROTECTION',
        'expired-auth': 'INVALID_TOKEN',
        'server-error': 'SERVER_ERROR',
        latency: 'LATENCY',
        'row-lock': 'ROW_LOCK',
        'lost-answer': 'LOST_ANSWER',
      }),
      stats: {
        apiCalls: () => emu.stats.apiCalls,
        writesByRecordId: () => new Map(emu.stats.writesByRecordId),
        reset: () => emu.stats.reset(),
        deletesByCrmSync: () => emu.stats.deleteRequestsBy(clientNameOf(DEMO_CREDENTIALS.clientId)),
      },
      describe: {
        // Choice values as the connector describes them: the option values as text, stored as integers.
        picklist: { field: 'new_customertier', values: CUSTOMER_TIERS.map((o) => String(o.value)), storedValueOf: (offered) => Number(offered) },
        boolean: 'new_newsletteroptin',
        calculated: 'new_dayssincecreated',
      },
      close: () => emu.close(),
    };
    return target;
  },
};
