import { describeMappableFields, readStoredMapping } from '../../../domain/connections/mapping-service';
import type { CrmConnector, CrmFieldDescribe } from '../../../domain/crm/connector';
import { validMapping } from '../mapping/fixtures';

const describeField = (name: string, extra: Partial<CrmFieldDescribe> = {}): CrmFieldDescribe => ({
  name, label: name, type: 'string', updateable: true, calculated: false, compound: false, referenceTo: [], ...extra,
});

/** A connector that only describes; every other call would be a mistake here. */
function describingConnector(fields: Record<string, CrmFieldDescribe[]>, calls: string[]): CrmConnector {
  return {
    async describeObject(object: string) {
      calls.push(object);
      return { name: object, label: object, fields: fields[object] ?? [], tracksDeletes: true };
    },
  } as Partial<CrmConnector> as CrmConnector;
}

describe('describeMappableFields', () => {
  test('describes Lead then Contact, drops compound fields, keeps formula, writability and picklist values', async () => {
    const calls: string[] = [];
    const lead = [
      describeField('Email', { type: 'email' }),
      describeField('Address', { type: 'address', compound: true }),
      describeField('Days__c', { type: 'double', calculated: true, updateable: false }),
      describeField('Tier__c', { type: 'picklist', picklistValues: ['Gold', 'Silver'] }),
      describeField('Empty__c', { type: 'picklist', picklistValues: [] }),
    ];
    const describe = await describeMappableFields(describingConnector({ Lead: lead, Contact: [describeField('Email', { type: 'email' })] }, calls));
    expect(calls).toEqual(['Lead', 'Contact']);
    expect(describe.Lead).toEqual([
      { name: 'Email', label: 'Email', type: 'email', updateable: true, calculated: false },
      { name: 'Days__c', label: 'Days__c', type: 'double', updateable: false, calculated: true },
      { name: 'Tier__c', label: 'Tier__c', type: 'picklist', updateable: true, calculated: false, picklistValues: ['Gold', 'Silver'] },
      { name: 'Empty__c', label: 'Empty__c', type: 'picklist', updateable: true, calculated: false },
    ]);
    expect(describe.Contact.map((f) => f.name)).toEqual(['Email']);
  });
});

describe('readStoredMapping', () => {
  test('a stored mapping reads back; nothing stored or a hand-broken document reads as no mapping', () => {
    expect(readStoredMapping(validMapping())).toEqual(validMapping());
    expect(readStoredMapping(null)).toBeUndefined();
    expect(readStoredMapping({ entries: 'broken' })).toBeUndefined();
  });
});
