import { labelStoredValue, picklistLabelOf } from '../../../domain/crm/picklist-labels';

describe('choice labels for stored codes', () => {
  const tiers = { '100000000': 'Bronze', '100000002': 'Gold' };

  it('names a code by its label and leaves a value without one as it is', () => {
    expect(picklistLabelOf(tiers, '100000002')).toBe('Gold');
    expect(picklistLabelOf(tiers, '100000009')).toBe('100000009');
    expect(picklistLabelOf(undefined, 'Gold')).toBe('Gold');
  });

  it('never reads a label from the object prototype', () => {
    expect(picklistLabelOf(tiers, 'constructor')).toBe('constructor');
    expect(labelStoredValue(tiers, 'toString')).toBeUndefined();
  });

  it('puts a value, a list of values and a multi-select value in words', () => {
    expect(labelStoredValue(tiers, '100000002')).toBe('Gold');
    expect(labelStoredValue(tiers, ['100000000', '100000002'])).toBe('Bronze, Gold');
    expect(labelStoredValue(tiers, '100000000;100000002')).toBe('Bronze; Gold');
    // A code the CRM no longer lists keeps its code beside the labelled ones.
    expect(labelStoredValue(tiers, ['100000002', '100000007'])).toBe('Gold, 100000007');
  });

  it('adds no words where nothing has a label: no table, no labelled code, or a value that is no code', () => {
    expect(labelStoredValue(undefined, '100000002')).toBeUndefined();
    expect(labelStoredValue(tiers, '100000007')).toBeUndefined();
    expect(labelStoredValue(tiers, null)).toBeUndefined();
    expect(labelStoredValue(tiers, 42)).toBeUndefined();
    expect(labelStoredValue(tiers, [])).toBeUndefined();
    expect(labelStoredValue(tiers, ['100000002', 3])).toBeUndefined();
  });
});
