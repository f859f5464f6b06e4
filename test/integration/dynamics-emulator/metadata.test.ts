import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connect, startSmallEmulator, type Connected } from './dataverse-client';

describe('Dataverse emulator: table definitions', () => {
  let emu: RunningDynamicsEmulator;
  let client: Connected;

  beforeAll(async () => {
    emu = await startSmallEmulator({ org: 'empty' });
    client = connect(emu);
  });
  afterAll(() => emu.close());

  it('describes a table: entity set, primary id, change tracking', async () => {
    const contact = await client.api.retrieveEntity({ key: "LogicalName='contact'", select: ['LogicalName', 'EntitySetName', 'PrimaryIdAttribute', 'ChangeTrackingEnabled'] });
    expect(contact).toMatchObject({ LogicalName: 'contact', EntitySetName: 'contacts', PrimaryIdAttribute: 'contactid', ChangeTrackingEnabled: true });
    const tracked = await client.api.retrieveEntities({ select: ['LogicalName'], filter: 'ChangeTrackingEnabled eq false' });
    expect(tracked.value.map((e: { LogicalName: string }) => e.LogicalName)).toEqual(['listmember']);
  });

  it('lists attributes with type, display name, validity and source type (simple, calculated, rollup)', async () => {
    const attributes = await client.api.retrieveAttributes({ entityKey: "LogicalName='contact'", select: ['LogicalName', 'AttributeType', 'DisplayName', 'IsValidForUpdate', 'IsValidForCreate', 'SourceType'] });
    const byName = new Map(attributes.value.map((a: { LogicalName: string }) => [a.LogicalName, a]));
    expect(byName.get('emailaddress1')).toMatchObject({ AttributeType: 'String', IsValidForUpdate: true, SourceType: 0, DisplayName: { UserLocalizedLabel: { Label: 'Email', LanguageCode: 1033 } } });
    expect(byName.get('new_dayssincecreated')).toMatchObject({ AttributeType: 'Integer', SourceType: 1, IsValidForUpdate: false, IsValidForCreate: false });
    expect(byName.get('new_openopportunities')).toMatchObject({ SourceType: 2, IsValidForUpdate: false });
    expect(byName.get('parentcustomerid')).toMatchObject({ AttributeType: 'Customer', '@odata.type': '#Microsoft.Dynamics.CRM.LookupAttributeMetadata' });
    expect(byName.get('modifiedon')).toMatchObject({ AttributeType: 'DateTime', IsValidForUpdate: false });
    expect(byName.get('new_lastwebinardate')).toMatchObject({ AttributeType: 'DateTime' });
  });

  it('casts to PicklistAttributeMetadata and BooleanAttributeMetadata and expands their option sets', async () => {
    const picklists = await client.api.retrieveAttributes({ entityKey: "LogicalName='contact'", castType: 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata', select: ['LogicalName'], expand: [{ property: 'OptionSet' }] });
    const tier = picklists.value.find((a: { LogicalName: string }) => a.LogicalName === 'new_customertier');
    expect(picklists.value.every((a: Record<string, unknown>) => a['@odata.type'] === '#Microsoft.Dynamics.CRM.PicklistAttributeMetadata')).toBe(true);
    expect(tier.OptionSet.Options.map((o: { Value: number; Label: { UserLocalizedLabel: { Label: string } } }) => [o.Value, o.Label.UserLocalizedLabel.Label])).toEqual([
      [100000000, 'Bronze'], [100000001, 'Silver'], [100000002, 'Gold'], [100000003, 'Platinum'],
    ]);
    const booleans = await client.api.retrieveAttributes({ entityKey: "LogicalName='contact'", castType: 'Microsoft.Dynamics.CRM.BooleanAttributeMetadata', select: ['LogicalName'], expand: [{ property: 'OptionSet' }] });
    const optIn = booleans.value.find((a: { LogicalName: string }) => a.LogicalName === 'new_newsletteroptin');
    expect(optIn.OptionSet).toMatchObject({ TrueOption: { Value: 1, Label: { UserLocalizedLabel: { Label: 'Yes' } } }, FalseOption: { Value: 0, Label: { UserLocalizedLabel: { Label: 'No' } } } });
    const one = await client.api.retrieveAttribute({ entityKey: "LogicalName='lead'", attributeKey: "LogicalName='leadsourcecode'", castType: 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata', expand: [{ property: 'OptionSet' }] });
    expect(one.OptionSet.Options.length).toBeGreaterThan(5);
  });
});
