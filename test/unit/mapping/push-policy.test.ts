import type { FieldMappingEntry } from '../../../domain/mapping/mapping';
import { isPushAllowed, pushableFields } from '../../../domain/mapping/push-policy';
import { validMapping } from './fixtures';

const title = (allowPush: boolean | undefined): FieldMappingEntry => ({ crmObject: 'Lead', crmField: 'Title', target: { kind: 'standard', field: 'title' }, allowPush });
const score = (allowPush: boolean | undefined): FieldMappingEntry => ({ crmObject: 'Lead', crmField: 'Score__c', target: { kind: 'custom', name: 's', type: 'Score' }, allowPush });

describe('isPushAllowed', () => {
  test.each([
    ['allow', undefined, true],
    ['allow', true, true],
    ['allow', false, false],
    ['deny', undefined, false],
    ['deny', true, true],
    ['deny', false, false],
  ] as const)('with default %s and allowPush %p, a non-score field pushes: %p', (policy, allowPush, expected) => {
    expect(isPushAllowed(validMapping([], policy), title(allowPush))).toBe(expected);
  });

  test.each([
    ['allow', false], ['deny', undefined], ['deny', false],
  ] as const)('a Score field always pushes, even with default %s and allowPush %p', (policy, allowPush) => {
    expect(isPushAllowed(validMapping([], policy), score(allowPush))).toBe(true);
  });
});

describe('pushableFields', () => {
  test('lists the pushable entries of one object only, in mapping order', () => {
    const mapping = validMapping([title(undefined), { ...title(true), crmObject: 'Contact' }, { ...title(false), crmField: 'City', target: { kind: 'standard', field: 'city' } }], 'deny');
    expect(pushableFields(mapping, 'Lead').map((e) => e.crmField)).toEqual(['Behavior_Score__c']);
    expect(pushableFields(mapping, 'Contact').map((e) => e.crmField)).toEqual(['Title']);
  });
});
