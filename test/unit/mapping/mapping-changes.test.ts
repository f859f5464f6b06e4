import { fieldsAddedByChange, objectsNeedingFullSync } from '../../../domain/mapping/mapping-changes';
import type { FieldMappingEntry } from '../../../domain/mapping/mapping';
import { validMapping } from './fixtures';

const text = (crmObject: 'Lead' | 'Contact', crmField: string, name = 'x'): FieldMappingEntry => ({ crmObject, crmField, target: { kind: 'custom', name, type: 'Text' } });

describe('objectsNeedingFullSync', () => {
  test('an unchanged mapping needs no full sync', () => expect(objectsNeedingFullSync(validMapping(), validMapping())).toEqual([]));

  test('adding a CRM field to Lead forces a full sync of Lead only', () => {
    expect(objectsNeedingFullSync(validMapping(), validMapping([text('Lead', 'Region__c')]))).toEqual(['Lead']);
  });

  test('adding fields to both objects forces both', () => {
    expect(objectsNeedingFullSync(validMapping(), validMapping([text('Contact', 'A__c'), text('Lead', 'B__c', 'y')]))).toEqual(['Lead', 'Contact']);
  });

  test('removing a mapped field does not force a full sync', () => {
    expect(objectsNeedingFullSync(validMapping([text('Lead', 'Region__c')]), validMapping())).toEqual([]);
  });

  test('pointing a mapped field at another target does not force a full sync', () => {
    expect(objectsNeedingFullSync(validMapping([text('Lead', 'Region__c', 'region')]), validMapping([text('Lead', 'Region__c', 'territory')]))).toEqual([]);
  });

  test('a second target for an already-pulled CRM field does not force a full sync', () => {
    expect(objectsNeedingFullSync(validMapping(), validMapping([text('Lead', 'Email', 'emailCopy')]))).toEqual([]);
  });

  test('a change only in the case of a field name is not a new field', () => {
    expect(objectsNeedingFullSync(validMapping([text('Lead', 'Region__c')]), validMapping([text('Lead', 'REGION__C')]))).toEqual([]);
  });

  test("a connection's first mapping needs a full sync of every mapped object", () => {
    expect(objectsNeedingFullSync(undefined, validMapping())).toEqual(['Lead', 'Contact']);
  });
});

describe('fieldsAddedByChange', () => {
  test('lists, per object, the CRM fields the new mapping adds, spelled as in the new mapping', () => {
    const after = validMapping([text('Lead', 'Region__c'), text('Lead', 'Tier__c', 'tier'), text('Contact', 'Region__c', 'r')]);
    expect(fieldsAddedByChange(validMapping(), after)).toEqual({ Lead: ['Region__c', 'Tier__c'], Contact: ['Region__c'] });
  });

  test('a field mapped twice is listed once, and a change of case is not an addition', () => {
    const before = validMapping([text('Lead', 'Region__c')]);
    const after = validMapping([text('Lead', 'REGION__C'), text('Lead', 'Tier__c', 'a'), text('Lead', 'tier__c', 'b')]);
    expect(fieldsAddedByChange(before, after)).toEqual({ Lead: ['Tier__c'], Contact: [] });
  });

  test('with the arguments swapped it lists the fields a change removed', () => {
    const before = validMapping([text('Contact', 'Old__c')]);
    const after = validMapping();
    expect(fieldsAddedByChange(before, after)).toEqual({ Lead: [], Contact: [] });
    expect(fieldsAddedByChange(after, before)).toEqual({ Lead: [], Contact: ['Old__c'] });
  });

  test("a connection's first mapping adds every mapped field", () => {
    expect(fieldsAddedByChange(undefined, validMapping())).toEqual({ Lead: ['Email', 'Behavior_Score__c'], Contact: ['Email'] });
  });
});
