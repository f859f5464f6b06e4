import {
  assertValidMapping,
  MappingInvalidError,
  parseConnectionMapping,
  validateMapping,
  type ConnectionMapping,
  type FieldMappingEntry,
} from '../../../domain/mapping/mapping';
import { describeOf, field, validMapping } from './fixtures';

/** The MappingInvalidError a call throws; fails the test if it returns or throws something else. */
function thrownBy(call: () => unknown): MappingInvalidError {
  try {
    call();
  } catch (error) {
    if (error instanceof MappingInvalidError) return error;
    throw error;
  }
  throw new Error('expected a MappingInvalidError, but nothing was thrown');
}

const rules = (mapping: ConnectionMapping, describe?: Parameters<typeof validateMapping>[1]) => validateMapping(mapping, describe).map((p) => p.rule);
const custom = (crmObject: 'Lead' | 'Contact', crmField: string, name: string, type: 'Boolean' | 'Date' | 'Text' | 'Number' | 'Score' | 'MultiText'): FieldMappingEntry => ({
  crmObject, crmField, target: { kind: 'custom', name, type },
});

describe('validateMapping', () => {
  test('a mapping with email on Lead and Contact and a Score field has no problems', () => {
    expect(validateMapping(validMapping(), describeOf([]))).toEqual([]);
  });

  test('a mapping without the email field is refused with rule email-required, once per object', () => {
    const mapping = { ...validMapping(), entries: validMapping().entries.filter((e) => e.crmField !== 'Email') };
    expect(validateMapping(mapping)).toEqual([
      { rule: 'email-required', path: 'entries', message: 'Lead: the CRM email field must be mapped to the email field' },
      { rule: 'email-required', path: 'entries', message: 'Contact: the CRM email field must be mapped to the email field' },
    ]);
  });

  test('email mapped on Lead only is still refused for Contact', () => {
    const mapping = { ...validMapping(), entries: validMapping().entries.filter((e) => e.crmObject === 'Lead') };
    expect(validateMapping(mapping).map((p) => p.message)).toEqual(['Contact: the CRM email field must be mapped to the email field']);
  });

  test('a mapping without a Score field is refused with rule score-required', () => {
    const mapping = { ...validMapping(), entries: validMapping().entries.filter((e) => e.target.kind === 'standard') };
    expect(validateMapping(mapping)).toEqual([{ rule: 'score-required', path: 'entries', message: 'at least one Score field must be mapped' }]);
  });

  test('a Number field does not count as the required Score', () => {
    const mapping = validMapping([custom('Lead', 'Rating__c', 'rating', 'Number')]);
    mapping.entries = mapping.entries.filter((e) => !(e.target.kind === 'custom' && e.target.type === 'Score'));
    expect(rules(mapping)).toEqual(['score-required']);
  });

  test('a CRM field missing from describe is refused with rule unknown-crm-field', () => {
    const problems = validateMapping(validMapping([custom('Contact', 'Gone__c', 'gone', 'Text')]), describeOf([]));
    expect(problems).toEqual([{ rule: 'unknown-crm-field', path: 'entries[3].crmField', message: "Contact has no field 'Gone__c'" }]);
  });

  test('CRM field names match describe regardless of case', () => {
    expect(validateMapping(validMapping([custom('Lead', 'industry', 'sector', 'Text')]), describeOf([field('Industry', 'picklist')]))).toEqual([]);
  });

  test('without describe, CRM fields are not checked', () => {
    expect(validateMapping(validMapping([custom('Contact', 'Gone__c', 'gone', 'Text')]))).toEqual([]);
  });

  test('two CRM fields of one object mapped to the same target are refused with rule duplicate-target', () => {
    const mapping = validMapping([{ crmObject: 'Lead', crmField: 'Secondary_Email__c', target: { kind: 'standard', field: 'email' } }]);
    expect(validateMapping(mapping)).toEqual([
      { rule: 'duplicate-target', path: 'entries[3].target', message: "Lead fields 'Email' and 'Secondary_Email__c' both map to the email field" },
    ]);
  });

  test('the same custom target filled from Lead and from Contact is not a duplicate', () => {
    expect(validateMapping(validMapping([custom('Contact', 'Behavior_Score__c', 'behaviorScore', 'Score')]))).toEqual([]);
  });

  test.each([
    ['boolean', 'Date'],
    ['string', 'Score'],
    ['picklist', 'Number'],
    ['date', 'Boolean'],
    ['double', 'MultiText'],
  ] as const)('a CRM %s field cannot fill a %s field (rule type-mismatch)', (crmType, type) => {
    const problems = validateMapping(validMapping([custom('Lead', 'X__c', 'x', type)]), describeOf([field('X__c', crmType)]));
    expect(problems).toEqual([
      { rule: 'type-mismatch', path: 'entries[3].target', message: `Lead field 'X__c' is a ${crmType} field and cannot fill the ${type} field 'x'` },
    ]);
  });

  test.each([
    ['int', 'Score'], ['percent', 'Score'], ['currency', 'Number'], ['datetime', 'Date'], ['date', 'Datetime'],
    ['multipicklist', 'MultiText'], ['boolean', 'Boolean'], ['reference', 'Text'], ['double', 'Text'], ['address', 'Number'],
  ] as const)('a CRM %s field may fill a %s field', (crmType, type) => {
    expect(validateMapping(validMapping([custom('Lead', 'X__c', 'x', type as never)]), describeOf([field('X__c', crmType)]))).toEqual([]);
  });

  test('the standard email field must come from an email or text CRM field', () => {
    const describe = describeOf([]);
    describe.Lead = describe.Lead.map((f) => (f.name === 'Email' ? field('Email', 'boolean') : f));
    expect(rules(validMapping(), describe)).toEqual(['type-mismatch']);
  });

  test('one custom field with two types is refused with rule type-mismatch', () => {
    const problems = validateMapping(validMapping([custom('Contact', 'Score__c', 'behaviorScore', 'Number')]));
    expect(problems).toEqual([{ rule: 'type-mismatch', path: 'entries[3].target.type', message: "custom field 'behaviorScore' is Number here but Score in entries[2]" }]);
  });

  test.each(['', '1st', 'has space', 'dash-ed', 'x'.repeat(81), '__proto__'])('custom name %p is refused with rule invalid-custom-name', (name) => {
    expect(rules(validMapping([custom('Lead', 'X__c', name, 'Text')]))).toEqual(['invalid-custom-name']);
  });

  test('a custom field may not take the name of a standard field, in any case', () => {
    expect(validateMapping(validMapping([custom('Lead', 'X__c', 'FirstName', 'Text')]))[0]).toMatchObject({
      rule: 'invalid-custom-name', message: "custom field name 'FirstName' is already a standard field; map to the standard field instead",
    });
  });

  describe('a Score field must be pushable to the CRM field it is mapped to (rule score-not-pushable)', () => {
    const formula = { ...field('Days_Since_Created__c', 'double'), calculated: true, updateable: false };
    const readOnly = { ...field('Legacy_Score__c', 'double'), updateable: false };
    const scoreFrom = (crmField: string) => {
      const mapping = validMapping();
      mapping.entries[2] = custom('Lead', crmField, 'behaviorScore', 'Score');
      return mapping;
    };

    test('a Score mapped to a formula field is refused at that entry\'s CRM field', () => {
      expect(validateMapping(scoreFrom('Days_Since_Created__c'), describeOf([formula]))).toEqual([
        {
          rule: 'score-not-pushable',
          path: 'entries[2].crmField',
          message: "Lead field 'Days_Since_Created__c' is a formula field; Score fields are always pushed to the CRM, so map the Score field 'behaviorScore' to a writable field",
        },
      ]);
    });

    test('a Score mapped to a read-only field is refused', () => {
      const problems = validateMapping(scoreFrom('legacy_score__c'), describeOf([readOnly]));
      expect(problems.map((p) => [p.rule, p.path])).toEqual([['score-not-pushable', 'entries[2].crmField']]);
      expect(problems[0]?.message).toContain("'Legacy_Score__c' is read-only");
    });

    test('a formula field may fill a field that is not a Score, since only scores are always pushed', () => {
      expect(validateMapping(validMapping([custom('Lead', 'Days_Since_Created__c', 'age', 'Number')]), describeOf([formula]))).toEqual([]);
    });

    test('a Score on a writable field passes', () => {
      expect(validateMapping(scoreFrom('Behavior_Score__c'), describeOf([formula]))).toEqual([]);
    });

    test('without describe, writability is not checked', () => {
      expect(validateMapping(scoreFrom('Days_Since_Created__c'))).toEqual([]);
    });
  });

  test('one custom field spelled in two cases is refused', () => {
    expect(rules(validMapping([custom('Contact', 'Behavior_Score__c', 'BehaviorScore', 'Score')]))).toEqual(['invalid-custom-name']);
  });
});

describe('MappingInvalidError', () => {
  test('assertValidMapping throws a MappingInvalidError whose message names each failed rule', () => {
    const empty: ConnectionMapping = { entries: [], pushPolicy: { default: 'allow' } };
    const error = thrownBy(() => assertValidMapping(empty));
    expect(error).toBeInstanceOf(MappingInvalidError);
    expect(error.problems.map((p) => p.rule)).toEqual(['email-required', 'email-required', 'score-required']);
    expect(error.message).toBe(
      'The mapping cannot be saved:\n' +
        '- [email-required] entries: Lead: the CRM email field must be mapped to the email field\n' +
        '- [email-required] entries: Contact: the CRM email field must be mapped to the email field\n' +
        '- [score-required] entries: at least one Score field must be mapped',
    );
  });

  test('assertValidMapping accepts a valid mapping', () => expect(() => assertValidMapping(validMapping())).not.toThrow());
});

describe('parseConnectionMapping', () => {
  test('a well-formed mapping parses to itself', () => expect(parseConnectionMapping(validMapping())).toEqual(validMapping()));

  test('a malformed mapping is refused with rule invalid-shape and the path of each bad value', () => {
    const input = { entries: [{ crmObject: 'Account', crmField: 'Name', target: { kind: 'custom', name: 'n', type: 'Currency' } }], pushPolicy: { default: 'maybe' } };
    const paths = thrownBy(() => parseConnectionMapping(input)).problems.map((p) => `${p.rule} ${p.path}`);
    expect(paths).toEqual(['invalid-shape entries[0].crmObject', 'invalid-shape entries[0].target.type', 'invalid-shape pushPolicy.default']);
  });
});
