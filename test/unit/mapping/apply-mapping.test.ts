import { applyMapping } from '../../../domain/mapping/apply-mapping';
import { validMapping } from './fixtures';

const mapping = validMapping([
  { crmObject: 'Lead', crmField: 'FirstName', target: { kind: 'standard', field: 'firstName' } },
  { crmObject: 'Lead', crmField: 'Do_Not_Call__c', target: { kind: 'custom', name: 'doNotCall', type: 'Boolean' } },
  { crmObject: 'Lead', crmField: 'Interests__c', target: { kind: 'custom', name: 'interests', type: 'MultiText' } },
  { crmObject: 'Contact', crmField: 'Birthdate', target: { kind: 'custom', name: 'birthdate', type: 'Date' } },
]);

describe('applyMapping', () => {
  test('maps and coerces the fields of one object, keyed by standard or custom field name', () => {
    const result = applyMapping(mapping, 'Lead', { Email: 'Ann@Example.com', FirstName: 'Ann', Behavior_Score__c: 40, Do_Not_Call__c: 'TRUE', Interests__c: 'a;b', Birthdate: '2000-01-01' }, '00Q1');
    expect(result).toEqual({ values: { email: 'Ann@example.com', firstName: 'Ann', behaviorScore: 40, doNotCall: true, interests: ['a', 'b'] }, errors: [] });
  });

  test('an uncoercible value is reported and its target left out, never blanked', () => {
    const result = applyMapping(mapping, 'Lead', { Email: 'a@example.com', FirstName: 'Ann', Behavior_Score__c: 'high', Do_Not_Call__c: 'maybe' }, '00Q2');
    expect(result.values).toEqual({ email: 'a@example.com', firstName: 'Ann' });
    expect(result.values).not.toHaveProperty('behaviorScore');
    expect(result.errors).toEqual([
      { crmId: '00Q2', field: 'Behavior_Score__c', target: 'behaviorScore', rawValue: 'high', reason: expect.stringMatching(/^'high' is not a number/) },
      { crmId: '00Q2', field: 'Do_Not_Call__c', target: 'doNotCall', rawValue: 'maybe', reason: "'maybe' is not a boolean (expected true/false, 1/0, yes/no)" },
    ]);
  });

  test('an empty CRM value maps to null', () => {
    expect(applyMapping(mapping, 'Contact', { Email: 'c@example.com', Birthdate: null }, '0031').values).toEqual({ email: 'c@example.com', birthdate: null });
  });

  test('a mapped field absent from the record is left out, because its value is unknown rather than empty', () => {
    expect(applyMapping(mapping, 'Contact', { Email: 'c@example.com' }, '0032')).toEqual({ values: { email: 'c@example.com' }, errors: [] });
  });

  test('CRM field names are matched regardless of case', () => {
    expect(applyMapping(mapping, 'Contact', { email: 'c@example.com', BIRTHDATE: '12/25/1990' }, '0033').values).toEqual({
      email: 'c@example.com', birthdate: new Date('1990-12-25T00:00:00Z'),
    });
  });
});
