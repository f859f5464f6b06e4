import { toObjectDescribe, type AttributeMetadata } from '../../../domain/crm/dynamics/dynamics-describe';

const TABLE = { logicalName: 'contact', entitySetName: 'contacts', primaryId: 'contactid', displayName: 'Contact', changeTracking: true };
const label = (text: string) => ({ UserLocalizedLabel: { Label: text } });

describe('Dataverse attribute metadata → the core’s describe', () => {
  const attributes: AttributeMetadata[] = [
    { LogicalName: 'contactid', AttributeType: 'Uniqueidentifier', DisplayName: label('Contact'), IsValidForUpdate: false },
    { LogicalName: 'telephone1', AttributeType: 'String', Format: 'Phone', DisplayName: label('Business Phone'), IsValidForUpdate: true, SourceType: 0 },
    { LogicalName: 'new_tier', AttributeType: 'Picklist', DisplayName: label('Tier'), IsValidForUpdate: true, SourceType: 0 },
    // Real Dataverse types a multi-select choice as Virtual with this type name.
    { LogicalName: 'new_interests', AttributeType: 'Virtual', AttributeTypeName: { Value: 'MultiSelectPicklistType' }, DisplayName: label('Interests'), IsValidForUpdate: true },
    { LogicalName: 'parentcustomeridname', AttributeType: 'Virtual', AttributeTypeName: { Value: 'VirtualType' }, IsValidForUpdate: false },
    { LogicalName: 'new_rollup', AttributeType: 'Money', IsValidForUpdate: false, SourceType: 2 },
    { LogicalName: 'new_formula', AttributeType: 'Integer', IsValidForUpdate: false, SourceType: 1 },
    { LogicalName: 'ownerid', AttributeType: 'Owner', Targets: ['systemuser', 'team'], IsValidForUpdate: true },
    { LogicalName: 'birthdate', AttributeType: 'DateTime', Format: 'DateOnly', IsValidForUpdate: true },
    { LogicalName: 'donotemail', AttributeType: 'Boolean', IsValidForUpdate: true, SourceType: 0 },
  ];
  const optionSets: AttributeMetadata[] = [
    { LogicalName: 'new_tier', OptionSet: { Options: [{ Value: 100000000, Label: label('Bronze') }, { Value: 100000001, Label: label('Gold') }] } },
    { LogicalName: 'new_interests', OptionSet: { Options: [{ Value: 1 }, { Value: 2 }] } },
  ];
  const describe = toObjectDescribe(TABLE, attributes, optionSets);
  const field = (name: string) => describe.fields.find((f) => f.name === name);

  it('maps types to the words the mapping editor and segment catalog know', () => {
    expect(field('contactid')?.type).toBe('id');
    expect(field('telephone1')).toMatchObject({ type: 'phone', label: 'Business Phone', updateable: true });
    expect(field('birthdate')?.type).toBe('date');
    expect(field('donotemail')?.type).toBe('boolean');
  });

  it('offers option values as text for choices and multi-select choices', () => {
    expect(field('new_tier')).toMatchObject({ type: 'picklist', picklistValues: ['100000000', '100000001'] });
    expect(field('new_interests')).toMatchObject({ type: 'multipicklist', picklistValues: ['1', '2'] });
  });

  it('keeps each option’s label beside its value, and no label table where the option set has no labels', () => {
    expect(field('new_tier')?.picklistLabels).toEqual({ '100000000': 'Bronze', '100000001': 'Gold' });
    expect(field('new_interests')).not.toHaveProperty('picklistLabels');
  });

  it('marks calculated and rollup columns calculated, names lookups as records carry them, and leaves out virtual name columns', () => {
    expect(field('new_rollup')).toMatchObject({ calculated: true, updateable: false, type: 'currency' });
    expect(field('new_formula')).toMatchObject({ calculated: true, type: 'int' });
    expect(field('_ownerid_value')).toMatchObject({ type: 'reference', referenceTo: ['systemuser', 'team'], updateable: false });
    expect(field('parentcustomeridname')).toBeUndefined();
    expect(describe.tracksDeletes).toBe(false);
  });
});
