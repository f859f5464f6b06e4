import { Connection as SfConnection } from 'jsforce';
import { DEMO_MAPPING } from '../../../scripts/demo-connection';
import { DEMO_CREDENTIALS, orgSizeForPeople, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../sf-emulator';
import { findObject } from '../../../sf-emulator/schema';
import { CUSTOMER_TIERS } from '../../../sf-emulator/schema/marketing-fields';
import { CRM_SYNC_CLIENT } from '../../../sf-emulator/stats';
import { orgRecords } from '../../integration/crm-admin-sync/sync-fixture';
import type { ConformanceTarget, EmulatedOrg } from '../target';
import { kitFaults } from './emulator-faults';

/** The field a CRM user edits on each object the kit changes. */
const EDITED_FIELD: Record<string, string> = { Lead: 'Title', Contact: 'Title', Account: 'Name', Opportunity: 'Name', Campaign: 'Name', User: 'Title' };

const emailOf = (label: string) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;

/** The Salesforce emulator itself started with `options`, and the kit's handle on its org. */
export async function startSalesforceOrg(options: EmulatorOptions): Promise<{ emulator: RunningEmulator; org: EmulatedOrg }> {
  const emulator = await startEmulator(options);
  const client = new SfConnection({ loginUrl: emulator.url, version: '59.0' });
  await client.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
  return { emulator, org: salesforceOrgHandle(emulator, client, options.dailyApiLimit) };
}

/** Salesforce through jsforce, against the Salesforce emulator (sf-emulator/). */
export const salesforceTarget: ConformanceTarget = {
  crm: 'salesforce',
  label: 'Salesforce',
  async startOrg({ seed, people, dailyApiLimit }) {
    return (await startSalesforceOrg({ seed, dailyApiLimit, org: { ...orgSizeForPeople(people), campaignMembersPerPersonMax: 2 } })).org;
  },
};

/** The kit's handle on an emulated Salesforce org: the store for changes, jsforce (as a test admin) for reads. */
function salesforceOrgHandle(emu: RunningEmulator, org: SfConnection, dailyApiLimit: number | undefined): EmulatedOrg {
  const membershipsOf = (campaignId: string) => emu.store.list('CampaignMember').filter((m) => m.CampaignId === campaignId);
  const target: EmulatedOrg = {
    url: emu.url,
    connectionInput: (name) => ({
      crm: 'salesforce',
      name,
      loginUrl: emu.url,
      auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
    }),
    mapping: DEMO_MAPPING,
    score: { marketingField: 'behaviorScore', crmField: 'Behavior_Score__c' },
    title: { marketingField: 'title', crmField: 'Title' },
    records: (object) => orgRecords({ org }, object as Parameters<typeof orgRecords>[1]),
    calculatedFields: (object) => (findObject(object)?.fields ?? []).filter((field) => field.calculated).map((field) => field.name),
    idField: () => 'Id',
    ids: (object) => emu.store.list(object).map((r) => String(r.Id)),
    valueOf: (object, id, field) => {
      const record = emu.store.get(object, id);
      // A record in the recycle bin is gone for a user, and for the kit.
      return record && !record.IsDeleted ? (record[field] ?? null) : undefined;
    },
    insertPerson: (type, label) => emu.store.insert(type, { LastName: label, Email: emailOf(label), ...(type === 'Lead' ? { Company: `${label} Inc` } : {}) }).Id,
    editRecord: (object, id, label) => {
      const field = EDITED_FIELD[object];
      if (!field) throw new Error(`the Salesforce target edits no field of ${object}`);
      emu.store.update(object, id, { [field]: label });
    },
    setValue: (object, id, field, value) => void emu.store.update(object, id, { [field]: value }),
    writeStamps: ['SystemModstamp', 'LastModifiedDate', 'LastModifiedById'],
    deleteRecord: (object, id) => void emu.store.delete(object, id),
    hardDeleteRecord: (object, id) => void emu.store.hardDelete(object, id),
    setClock: (at) => emu.store.setClock(at),
    advanceClock: (ms) => emu.store.advanceClock(ms),
    listSourceIds: () =>
      emu.store
        .list('Campaign')
        .map((c) => ({ id: String(c.Id), members: membershipsOf(String(c.Id)).length }))
        .sort((a, b) => b.members - a.members)
        .map((c) => c.id),
    listSource: (campaignId) => ({ kind: 'campaign', campaignId }),
    listMembers: (campaignId) => membershipsOf(campaignId).map((m) => String(m.ContactId ?? m.LeadId)),
    addListMember: (campaignId, person) => emu.store.insert('CampaignMember', { CampaignId: campaignId, [`${person.type}Id`]: person.id, Status: 'Sent' }).Id,
    removeListMember: (campaignId, personId) => {
      const membership = membershipsOf(campaignId).find((m) => m.ContactId === personId || m.LeadId === personId);
      if (!membership) throw new Error(`${personId} is no member of campaign ${campaignId}`);
      emu.store.delete('CampaignMember', String(membership.Id));
    },
    faults: kitFaults(emu.faults, {
      quota: 'REQUEST_LIMIT_EXCEEDED',
      'expired-auth': 'INVALID_SESSION_ID',
      'server-error': 'SERVER_ERROR',
      latency: 'LATENCY',
      'row-lock': 'UNABLE_TO_LOCK_ROW',
      'lost-answer': 'LOST_ANSWER',
    }),
    // The emulator's org allows a million calls a day unless started with another limit.
    dailyApiUsage: { limit: dailyApiLimit ?? 1_000_000, setUsed: (calls) => void (emu.stats.apiCalls = calls) },
    stats: {
      apiCalls: () => emu.stats.apiCalls,
      writesByRecordId: () => new Map(emu.stats.writesByRecordId),
      reset: () => emu.stats.reset(),
      deletesByCrmSync: () => emu.stats.deleteRequestsBy(CRM_SYNC_CLIENT),
    },
    describe: {
      picklist: { field: 'Customer_Tier__c', values: CUSTOMER_TIERS, storedValueOf: (offered) => offered },
      boolean: 'Newsletter_Opt_In__c',
      calculated: 'Days_Since_Created__c',
    },
    close: () => emu.close(),
  };
  return target;
}
