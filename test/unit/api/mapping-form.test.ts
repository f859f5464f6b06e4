import { blankRows, readMappingForm, rowsFromMapping, suggestedRows } from '../../../api/forms/mapping-form';
import { mappingPageModel, FORMULA_NOTE } from '../../../api/presenters/mapping-page';
import { parseConnectionMapping, validateMapping } from '../../../domain/mapping/mapping';
import { describeOf, field, validMapping } from '../mapping/fixtures';

/** The flat fields a browser posts for these rows. */
function posted(rows: Record<string, string>[], pushDefault = 'allow'): Record<string, string> {
  const body: Record<string, string> = { _csrf: 'token', pushDefault };
  rows.forEach((row, i) => {
    for (const [part, value] of Object.entries(row)) body[`rows[${i}][${part}]`] = value;
  });
  return body;
}

const blank = (crmObject: string) => ({ crmObject, crmField: '', target: '', customName: '', customType: '', allowPush: 'default' });

describe('readMappingForm', () => {
  test('turns rows into mapping entries, ignoring blank rows', () => {
    const body = posted([
      { crmObject: 'Lead', crmField: 'Email', target: 'standard:email', customName: '', customType: '', allowPush: 'default' },
      blank('Lead'),
      { crmObject: 'Contact', crmField: 'Region__c', target: 'custom', customName: 'region', customType: 'Text', allowPush: 'deny' },
      blank('Contact'),
    ], 'deny');
    const form = readMappingForm(body);
    expect(form.input).toEqual({
      entries: [
        { crmObject: 'Lead', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
        { crmObject: 'Contact', crmField: 'Region__c', target: { kind: 'custom', name: 'region', type: 'Text' }, allowPush: false },
      ],
      pushPolicy: { default: 'deny' },
    });
    expect(form.rows.map((r) => r.crmField)).toEqual(['Email', 'Region__c']);
  });

  test('a removed row stays in the rows shown again but not in the mapping, and entry indexes point at their rows', () => {
    const form = readMappingForm(posted([
      { crmObject: 'Lead', crmField: 'Email', target: 'standard:email', customName: '', customType: '', allowPush: 'default', remove: '1' },
      { crmObject: 'Lead', crmField: 'Title', target: 'standard:title', customName: '', customType: '', allowPush: 'allow' },
    ]));
    expect(form.rows.map((r) => r.remove)).toEqual([true, false]);
    expect(form.entryRows).toEqual([1]);
    expect((form.input as { entries: unknown[] }).entries).toEqual([{ crmObject: 'Lead', crmField: 'Title', target: { kind: 'standard', field: 'title' }, allowPush: true }]);
  });

  test('a Score row stores no push choice, since scores are always pushed', () => {
    const form = readMappingForm(posted([{ crmObject: 'Lead', crmField: 'Behavior_Score__c', target: 'custom', customName: 'score', customType: 'Score', allowPush: 'deny' }]));
    expect((form.input as { entries: unknown[] }).entries).toEqual([{ crmObject: 'Lead', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'score', type: 'Score' } }]);
  });

  test('rows are read in index order, whatever order the fields arrive in', () => {
    const body = { 'rows[10][crmObject]': 'Contact', 'rows[10][crmField]': 'Email', 'rows[10][target]': 'standard:email', 'rows[2][crmObject]': 'Lead', 'rows[2][crmField]': 'Email', 'rows[2][target]': 'standard:email' };
    expect(readMappingForm(body).rows.map((r) => r.crmObject)).toEqual(['Lead', 'Contact']);
  });

  test('an incomplete row reaches the parser, which names what is missing at that entry', () => {
    const form = readMappingForm(posted([{ crmObject: 'Lead', crmField: 'Email', target: '', customName: '', customType: '', allowPush: 'default' }, { crmObject: 'Lead', crmField: 'X__c', target: 'custom', customName: 'x', customType: '' }]));
    expect(() => parseConnectionMapping(form.input)).toThrow(/entries\[0\]\.target: choose the marketing field this CRM field fills/);
    expect(() => parseConnectionMapping(form.input)).toThrow(/entries\[1\]\.target\.type: choose the custom field's type/);
  });

  test('repeated keys (arrays), unknown keys and a missing body read as empty, never as a crash', () => {
    const form = readMappingForm({ 'rows[0][crmObject]': ['Lead', 'Contact'], 'rows[0][crmField]': 'Email', 'rows[0][target]': 'standard:email', 'rows[0][evil]': 'x', pushDefault: ['allow'] });
    expect(form.input).toEqual({ entries: [{ crmObject: '', crmField: 'Email', target: { kind: 'standard', field: 'email' } }], pushPolicy: { default: '' } });
    expect(readMappingForm(undefined).input).toEqual({ entries: [], pushPolicy: { default: '' } });
  });

  test('a stored mapping becomes rows that read back into the same mapping', () => {
    const mapping = validMapping([{ crmObject: 'Contact', crmField: 'Title', target: { kind: 'standard', field: 'title' }, allowPush: false }], 'deny');
    const body = posted(rowsFromMapping(mapping).map((r) => ({ ...r, remove: undefined }) as never), 'deny');
    for (const key of Object.keys(body)) if (key.endsWith('[remove]')) delete body[key];
    expect(parseConnectionMapping(readMappingForm(body).input)).toEqual(mapping);
  });

  test('suggests each object\'s email field by its type, and nothing without describe', () => {
    const describe = describeOf([]);
    describe.Contact = [field('Id', 'id'), field('EmailAddress__c', 'email')];
    expect(suggestedRows(describe).map((r) => `${r.crmObject}.${r.crmField} → ${r.target}`)).toEqual(['Lead.Email → standard:email', 'Contact.EmailAddress__c → standard:email']);
    expect(suggestedRows(undefined)).toEqual([]);
  });
});

describe('mappingPageModel', () => {
  const connection = { id: 'c1', name: 'Org' };
  const formula = { ...field('Days__c', 'double'), label: 'Days', calculated: true, updateable: false };

  test('pickers list the describe\'s fields by label, flag formula fields, and keep a stored field the CRM lost', () => {
    const rows = [{ crmObject: 'Lead', crmField: 'Gone__c', target: 'standard:title', customName: '', customType: '', allowPush: 'default' as const, conflictRule: '' as const, blankClears: false, remove: false }];
    const model = mappingPageModel({ connection, rows, pushDefault: 'allow', describe: describeOf([formula]), canEdit: true, pendingFullSyncs: [] });
    const texts = model.rows[0]?.fieldOptions.map((o) => o.text);
    expect(texts).toEqual(['— choose a CRM field —', 'Gone__c · not in the CRM', 'Behavior_Score__c · Behavior_Score__c · double', `Days · Days__c · double · ${FORMULA_NOTE}`, 'Email · Email · email', 'Id · Id · id']);
    expect(model.rows[0]?.fieldOptions.find((o) => o.selected)?.value).toBe('Gone__c');
    expect(model.rows).toHaveLength(1 + blankRows().length);
  });

  test('a choice field the CRM stores as codes says which code means what; one whose values are their own labels says nothing', () => {
    const tier = { ...field('new_customertier', 'picklist'), picklistValues: ['100000000', '100000001'], picklistLabels: { '100000000': 'Bronze', '100000001': 'Silver' } };
    const rating = { ...field('Rating', 'picklist'), picklistValues: ['Hot', 'Cold'] };
    const row = (crmField: string) => ({ crmObject: 'Lead', crmField, target: 'custom', customName: 'tier', customType: 'Text', allowPush: 'default' as const, conflictRule: '' as const, blankClears: false, remove: false });
    const model = mappingPageModel({ connection, rows: [row('new_customertier'), row('Rating')], pushDefault: 'allow', describe: describeOf([tier, rating]), canEdit: false, pendingFullSyncs: [] });
    expect(model.rows.map((r) => r.choicesText)).toEqual(['the CRM stores codes: 100000000 = Bronze, 100000001 = Silver', null]);
  });

  test('each problem is placed at the row and cell its path names; mapping-wide rules go to the summary only', () => {
    const mapping = validMapping([{ crmObject: 'Lead', crmField: 'Days__c', target: { kind: 'custom', name: 'daysScore', type: 'Score' } }]);
    mapping.entries.splice(1, 1);
    const problems = validateMapping(mapping, describeOf([formula]));
    expect(problems.map((p) => p.rule)).toEqual(['email-required', 'score-not-pushable']);
    const rows = rowsFromMapping(mapping);
    // Entry 2 is shown as row 3: a removed row sits before it on the page.
    rows.splice(1, 0, { ...rows[0]!, crmObject: 'Contact', remove: true });
    const model = mappingPageModel({ connection, rows, pushDefault: 'allow', describe: describeOf([formula]), problems, entryRows: [0, 2, 3], canEdit: true, pendingFullSyncs: [] });
    expect(model.summary.map((s) => [s.rule, s.rowIndex])).toEqual([['email-required', null], ['score-not-pushable', 3]]);
    expect(model.rows[3]?.errors).toEqual({ 'row-3-crmField': expect.stringContaining("'Days__c' is a formula field") });
    expect(model.rows[3]?.formula).toBe(true);
    expect(model.rows.filter((r) => r.hasErrors).map((r) => r.index)).toEqual([3]);
  });

  test('a reader sees no blank rows and plain words for push', () => {
    const mapping = validMapping([{ crmObject: 'Lead', crmField: 'Title', target: { kind: 'standard', field: 'title' }, allowPush: false }], 'deny');
    const model = mappingPageModel({ connection, rows: rowsFromMapping(mapping), pushDefault: 'deny', canEdit: false, pendingFullSyncs: [] });
    expect(model.rows.map((r) => r.pushText)).toEqual(['follows the default (deny)', 'follows the default (deny)', 'always pushed', 'denied']);
    expect(model.rows.map((r) => r.targetText)).toEqual(['email', 'email', 'behaviorScore — custom Score', 'title']);
    expect(model.describeAvailable).toBe(false);
  });
});
