import { objectsNeedingFullSync } from '../../../domain/mapping/mapping-changes';
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
