import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection } from './connect';

describe('describe, limits and versions through jsforce', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lists the emulated sObjects with their key prefixes in describeGlobal', async () => {
    const global = await conn.describeGlobal();
    const prefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toEqual({
      Account: '001', Contact: '003', Lead: '00Q', User: '005', Opportunity: '006', OpportunityContactRole: '00K', Campaign: '701', CampaignMember: '00v',
    });
  });

  it('describes Lead fields with types, picklist values, custom and calculated flags', async () => {
    const lead = await conn.describe('Lead');
    const field = (name: string) => lead.fields.find((f) => f.name === name);
    expect(field('Email')).toMatchObject({ type: 'email', length: 80, nillable: true, updateable: true, custom: false });
    expect(field('LastName')).toMatchObject({ type: 'string', nillable: false, createable: true });
    expect(field('Status')?.picklistValues).toContainEqual({ value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true, defaultValue: true, validFor: null });
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['Group', 'User'], relationshipName: 'Owner' });
    expect(field('Behavior_Score__c')).toMatchObject({ type: 'double', custom: true, updateable: true, calculated: false });
    expect(field('Newsletter_Opt_In__c')).toMatchObject({ type: 'boolean', custom: true, nillable: false });
    expect((field('Customer_Tier__c')?.picklistValues ?? []).map((p) => p.value)).toEqual(['Gold', 'Silver', 'Bronze']);
    expect(field('Interests__c')).toMatchObject({ type: 'multipicklist', custom: true });
    expect(field('Last_Webinar_Date__c')).toMatchObject({ type: 'date' });
    expect(field('Days_Since_Created__c')).toMatchObject({ calculated: true, updateable: false, createable: false, custom: true });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', updateable: false });
  });

  it('answers describe of an unknown object with NOT_FOUND', async () => {
    await expect(conn.describe('Widget__c')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('reports the daily API limit and lists API versions', async () => {
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 1_000_000, Remaining: 1_000_000 - emu.stats.apiCalls });
    const versions = await conn.request<Array<{ version: string; label: string; url: string }>>('/services/data');
    expect(versions).toContainEqual({ version: '59.0', label: "Winter '24", url: '/services/data/v59.0' });
  });
});
