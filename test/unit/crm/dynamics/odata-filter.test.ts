import { matchesODataFilter, parseODataFilter, type CompiledODataFilter } from '../../../../domain/crm/dynamics/odata-filter/odata-filter';
import { CONTACT_FIELDS } from './odata-filter-fields';

/** Wednesday 15 May 2024, noon UTC. */
const NOW = new Date('2024-05-15T12:00:00.000Z');
const ACCOUNT = '6f1c2a34-1b2c-4d5e-8f90-0123456789ab';

function compile(where: string): CompiledODataFilter {
  const parsed = parseODataFilter(where, 'contact', CONTACT_FIELDS);
  if (!parsed.ok) throw new Error(`expected ${where} to parse, got: ${parsed.problem}`);
  return parsed.filter;
}

function problemOf(where: string): string {
  const parsed = parseODataFilter(where, 'contact', CONTACT_FIELDS);
  if (parsed.ok) throw new Error(`expected ${where} to be refused`);
  return parsed.problem;
}

function matches(where: string, fields: Record<string, unknown>, now = NOW): boolean {
  return matchesODataFilter(compile(where), fields, now);
}

/** The structure of a compiled filter, conditions as their column names. */
function outline(f: CompiledODataFilter): unknown {
  if (f.kind === 'not') return { not: outline(f.operand) };
  return 'operands' in f ? { [f.kind]: f.operands.map(outline) } : f.field;
}

describe('parseODataFilter accepts', () => {
  it('a filter, and lists the columns it uses as the describe spells them', () => {
    expect(parseODataFilter("new_customertier eq 100000002 and (contains(EmailAddress1,'@Contoso.com') or JobTitle eq 'CEO')", 'contact', CONTACT_FIELDS)).toEqual({
      ok: true,
      fieldsUsed: ['new_customertier', 'emailaddress1', 'jobtitle'],
      filter: {
        kind: 'and',
        operands: [
          { kind: 'compare', field: 'new_customertier', valueKind: 'choice', operator: 'eq', value: 100000002 },
          {
            kind: 'or',
            operands: [
              { kind: 'text', field: 'emailaddress1', valueKind: 'text', fn: 'contains', value: '@contoso.com' },
              { kind: 'compare', field: 'jobtitle', valueKind: 'text', operator: 'eq', value: 'ceo' },
            ],
          },
        ],
      },
    });
  });

  it.each([
    ["firstname eq 'a' or lastname eq 'b' and jobtitle eq 'c'", { or: ['firstname', { and: ['lastname', 'jobtitle'] }] }],
    ["(firstname eq 'a' or lastname eq 'b') and jobtitle eq 'c'", { and: [{ or: ['firstname', 'lastname'] }, 'jobtitle'] }],
    ["not (firstname eq 'a') and lastname eq 'b'", { and: [{ not: 'firstname' }, 'lastname'] }],
    ["not (firstname eq 'a' and lastname eq 'b')", { not: { and: ['firstname', 'lastname'] } }],
    ["not contains(firstname,'a') or not not (lastname eq 'b')", { or: [{ not: 'firstname' }, { not: { not: 'lastname' } }] }],
    ["firstname eq 'a' and lastname eq 'b' and jobtitle eq 'c'", { and: ['firstname', 'lastname', 'jobtitle'] }],
    ["((firstname eq 'a'))", 'firstname'],
  ])('%s with OData precedence (not, then and, then or)', (where, shape) => {
    expect(outline(compile(where))).toEqual(shape);
  });

  it('a pasted $filter= prefix, operators and literals in any case, and a value on the left', () => {
    expect(compile("$filter=firstname EQ 'x' AND donotbulkemail eq FALSE")).toEqual(compile("firstname eq 'x' and donotbulkemail eq false"));
    expect(compile('50 lt new_behaviorscore')).toEqual(compile('new_behaviorscore gt 50'));
  });

  it('the query functions, by their full names', () => {
    const parsed = compile(
      "Microsoft.Dynamics.CRM.In(PropertyName='new_customertier',PropertyValues=['100000001','100000002']) and Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)",
    );
    expect(parsed).toEqual({
      kind: 'and',
      operands: [
        { kind: 'in', field: 'new_customertier', valueKind: 'choice', negated: false, values: [100000001, 100000002] },
        { kind: 'date-range', field: 'createdon', valueKind: 'datetime', fn: 'LastXDays', days: 7 },
      ],
    });
  });

  it('a compiled filter that survives JSON (it can be stored or passed to an activity)', () => {
    const filter = compile("Microsoft.Dynamics.CRM.Today(PropertyName='createdon') and new_interests eq '100000002,100000000'");
    const record = { createdon: '2024-05-15T08:00:00Z', new_interests: '100000000;100000002' };
    expect(matchesODataFilter(JSON.parse(JSON.stringify(filter)) as CompiledODataFilter, record, NOW)).toBe(true);
  });
});

describe('parseODataFilter refuses, with one message naming the problem and where it is', () => {
  it.each([
    // Columns
    ["new_shoesize eq 'x'", "unknown column 'new_shoesize' on contact (position 1)"],
    [`parentcustomerid eq ${ACCOUNT}`, "unknown column 'parentcustomerid' on contact (position 1); a lookup is filtered by its GUID column _parentcustomerid_value"],
    [
      "parentcustomerid_account/name eq 'Contoso'",
      "parentcustomerid_account/name (position 1): columns of related rows are not supported; the local copy of contact holds only its own columns (filter on a lookup's _<name>_value instead)",
    ],
    ["entityimage eq 'x'", "entityimage is a base64 column, which a list's filter cannot filter on"],
    ['firstname eq lastname', 'firstname eq lastname (position 1): comparing two columns is not supported; compare a column with a value'],
    ["'a' eq 'b'", "'a' eq 'b' (position 1) compares two values; one side must be a column"],
    // Types
    ["new_behaviorscore eq 'high'", "new_behaviorscore is a number column: compare it with a number without quotes, e.g. 50 (got 'high' at position 22)"],
    [
      "new_customertier eq '100000001'",
      "new_customertier is a choice column: compare it with the option's value without quotes, e.g. 100000001 (got '100000001' at position 21) (a choice compares by its option value, a number)",
    ],
    ['new_customertier eq 7', '7 is not an option of new_customertier (position 21); its options are 100000000, 100000001, 100000002, 100000003'],
    ['firstname eq 5', "firstname is a text column: compare it with text in single quotes, e.g. 'Paris' (got 5 at position 14)"],
    ['new_newsletteroptin eq 1', 'new_newsletteroptin is a yes/no column: compare it with true or false (got 1 at position 24)'],
    [
      "_parentcustomerid_value eq 'abc'",
      "_parentcustomerid_value is a lookup or id column: compare it with a GUID without quotes, e.g. 00000000-0000-0000-0000-000000000001 (got 'abc' at position 28)",
    ],
    ["createdon gt '2024-01-01'", "createdon is a date and time column: compare it with a datetime without quotes, e.g. 2024-05-01T08:30:00Z, or a date (got '2024-01-01' at position 14)"],
    ['new_lastwebinardate eq 2024-02-30', '2024-02-30 at position 24 is not a valid date'],
    ["new_interests eq 'Email'", "new_interests is a multi-select choice column: compare it with option values in single quotes, comma-separated, e.g. '100000000,100000002' (got 'Email' at position 18)"],
    // Operators
    ['new_newsletteroptin gt false', 'gt is not valid on new_newsletteroptin (position 21); a yes/no column takes eq and ne'],
    ['firstname gt null', 'firstname gt null (position 1): only eq and ne compare with null'],
    ["firstname in ('a','b')", "the operator in (position 11) is not supported: use Microsoft.Dynamics.CRM.In(PropertyName='column',PropertyValues=['a','b'])"],
    ['new_behaviorscore add 5 gt 10', 'the operator add (position 19) is not supported: arithmetic is not supported'],
    ["firstname = 'a'", "syntax error: expected a comparison (eq, ne, gt, ge, lt, le) after firstname at position 11, found = (OData writes eq, ne, gt, ge, lt, le, not =)"],
    ["not firstname eq 'a'", 'not at position 1 applies to a condition in parentheses or a function: write not (firstname …)'],
    // Syntax
    ['', 'the filter is empty'],
    ['$filter=', 'the filter is empty'],
    ['firstname eq', 'syntax error: the filter ends too early, after eq at position 11'],
    ['donotbulkemail', 'syntax error: the filter ends too early, after donotbulkemail at position 1; compare it, e.g. donotbulkemail eq true'],
    ["firstname eq 'a' and", 'syntax error: the filter ends too early, after and at position 18'],
    ["firstname eq 'O'Brien'", "syntax error: the quoted text starting at position 22 is never closed (write '' for a quote inside it)"],
    ['firstname eq "a"', 'syntax error: text goes in single quotes, not double quotes (position 14)'],
    ["(firstname eq 'a'", "syntax error: the ( at position 1 is never closed"],
    ["firstname eq 'a')", "syntax error: unexpected ) at position 17: it closes a parenthesis that was never opened"],
    ["firstname eq 'a' lastname eq 'b'", "syntax error: unexpected lastname at position 18; join conditions with and or or"],
    ['firstname eq @p1', 'parameter aliases such as @p1 are not supported (position 14): write the value in the filter itself'],
    ['createdon gt 2024-05-01T10', 'syntax error: 2024-05-01T10 at position 14 is not a number, date (2024-05-01), datetime (2024-05-01T08:30:00Z) or GUID'],
    ['firstname eq # ', 'syntax error: unexpected character # at position 14'],
    // Functions
    ["contains(new_behaviorscore,'5')", 'contains applies to text columns; new_behaviorscore is a number column'],
    ['contains(firstname,5)', 'contains(firstname, …): the text must be in single quotes (got 5 at position 20)'],
    ["contains(firstname)", "contains at position 1 takes a column and a quoted text: contains(column,'text')"],
    ["contains(tolower(firstname),'a')", 'tolower at position 10: functions inside functions are not supported (text comparisons already ignore case)'],
    ["tolower(firstname) eq 'a'", expect.stringMatching(/^the function tolower \(position 1\) is not supported in a list's filter; the functions are contains, startswith, endswith, and Microsoft\.Dynamics\.CRM\.In, NotIn, /)],
    ["Microsoft.Dynamics.CRM.LastXWeeks(PropertyName='createdon',PropertyValue=2)", expect.stringMatching(/^Microsoft\.Dynamics\.CRM\.LastXWeeks \(position 1\) is not supported in a list's filter; the functions are /)],
    ["Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon')", "Microsoft.Dynamics.CRM.LastXDays needs PropertyValue: write Microsoft.Dynamics.CRM.LastXDays(PropertyName=…,PropertyValue=…)"],
    ["Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=-3)", 'Microsoft.Dynamics.CRM.LastXDays: PropertyValue is a whole number of days from 0 to 36,500 (got -3 at position 73)'],
    ["Microsoft.Dynamics.CRM.Today(PropertyName='firstname')", 'Microsoft.Dynamics.CRM.Today applies to date columns; firstname is a text column'],
    ["Microsoft.Dynamics.CRM.Today(PropertyName=createdon)", "Microsoft.Dynamics.CRM.Today: PropertyName is the column's name in single quotes, e.g. PropertyName='createdon' (position 43)"],
    ["Microsoft.Dynamics.CRM.Today(Property='createdon')", 'Microsoft.Dynamics.CRM.Today has no argument Property (position 30); write Microsoft.Dynamics.CRM.Today(PropertyName=…)'],
    ["Microsoft.Dynamics.CRM.In(PropertyName='new_interests',PropertyValues=['100000000'])", 'Microsoft.Dynamics.CRM.In does not apply to the multi-select choice column new_interests; use Microsoft.Dynamics.CRM.ContainValues'],
    ["Microsoft.Dynamics.CRM.ContainValues(PropertyName='jobtitle',PropertyValues=['CEO'])", 'Microsoft.Dynamics.CRM.ContainValues applies to multi-select choice columns; jobtitle is a text column'],
    ["Microsoft.Dynamics.CRM.In(PropertyName='new_behaviorscore',PropertyValues=['high'])", "new_behaviorscore is a number column: compare it with a number without quotes, e.g. 50 (got 'high' at position 76)"],
    ["Microsoft.Dynamics.CRM.In(PropertyName='jobtitle',PropertyValues=[])", "Microsoft.Dynamics.CRM.In: PropertyValues is a list in brackets, e.g. PropertyValues=['1','2'] (position 51)"],
  ])('%s', (where, problem) => {
    expect(problemOf(where)).toEqual(problem);
  });

  it('a filter longer than 4,000 characters', () => {
    expect(problemOf(`firstname eq '${'x'.repeat(4000)}'`)).toBe('the filter is 4,015 characters; at most 4,000 are allowed');
  });
});

describe('matchesODataFilter', () => {
  it.each([
    ['eq', 50, [50], [49, 51]],
    ['ne', 50, [49, 51], [50]],
    ['gt', 50, [51], [50, 49]],
    ['ge', 50, [50, 51], [49]],
    ['lt', 50, [49], [50, 51]],
    ['le', 50, [49, 50], [51]],
  ])('%s compares numbers', (operator, literal, pass, fail) => {
    for (const score of pass) expect({ score, hit: matches(`new_behaviorscore ${operator} ${literal}`, { new_behaviorscore: score }) }).toEqual({ score, hit: true });
    for (const score of fail) expect({ score, hit: matches(`new_behaviorscore ${operator} ${literal}`, { new_behaviorscore: score }) }).toEqual({ score, hit: false });
  });

  it('compares a choice, stored as its option value’s text, with the number written in the filter', () => {
    expect(matches('new_customertier eq 100000001', { new_customertier: '100000001' })).toBe(true);
    expect(matches('new_customertier eq 100000001', { new_customertier: '100000002' })).toBe(false);
    expect(matches('new_customertier ge 100000002', { new_customertier: '100000003' })).toBe(true);
    expect(matches('new_customertier lt 100000002', { new_customertier: '100000003' })).toBe(false);
    expect(matches("Microsoft.Dynamics.CRM.In(PropertyName='new_customertier',PropertyValues=['100000001',100000003])", { new_customertier: '100000003' })).toBe(true);
    expect(matches("Microsoft.Dynamics.CRM.NotIn(PropertyName='new_customertier',PropertyValues=['100000001'])", { new_customertier: '100000003' })).toBe(true);
  });

  it('compares text without regard to case, and contains/startswith/endswith too', () => {
    expect(matches("jobtitle eq 'ceo'", { jobtitle: 'CEO' })).toBe(true);
    expect(matches("jobtitle ne 'ceo'", { jobtitle: 'Ceo' })).toBe(false);
    expect(matches("address1_city gt 'm'", { address1_city: 'Paris' })).toBe(true);
    expect(matches("contains(emailaddress1,'@EXAMPLE.org')", { emailaddress1: 'ann@Example.ORG' })).toBe(true);
    expect(matches("startswith(lastname,'mc')", { lastname: 'McDonald' })).toBe(true);
    expect(matches("endswith(lastname,'DONALD')", { lastname: 'McDonald' })).toBe(true);
    expect(matches("endswith(lastname,'Mc')", { lastname: 'McDonald' })).toBe(false);
    expect(matches("lastname eq 'O''Brien'", { lastname: "o'brien" })).toBe(true);
    expect(matches("Microsoft.Dynamics.CRM.In(PropertyName='jobtitle',PropertyValues=['cto','CEO'])", { jobtitle: 'Ceo' })).toBe(true);
  });

  it('compares lookups and ids as GUIDs in any case', () => {
    expect(matches(`_parentcustomerid_value eq ${ACCOUNT.toUpperCase()}`, { _parentcustomerid_value: ACCOUNT })).toBe(true);
    expect(matches(`_parentcustomerid_value ne ${ACCOUNT}`, { _parentcustomerid_value: ACCOUNT.toUpperCase() })).toBe(false);
    expect(matches(`Microsoft.Dynamics.CRM.In(PropertyName='_parentcustomerid_value',PropertyValues=['${ACCOUNT.toUpperCase()}'])`, { _parentcustomerid_value: ACCOUNT })).toBe(true);
  });

  it('compares yes/no columns, stored as booleans', () => {
    expect(matches('new_newsletteroptin eq true', { new_newsletteroptin: true })).toBe(true);
    expect(matches('new_newsletteroptin eq true', { new_newsletteroptin: false })).toBe(false);
    expect(matches('new_newsletteroptin ne true', { new_newsletteroptin: false })).toBe(true);
  });

  it('compares a multi-select choice as the set of its options; ContainValues takes any of them', () => {
    const interests = { new_interests: '100000002;100000000' };
    expect(matches("new_interests eq '100000000,100000002'", interests)).toBe(true);
    expect(matches("new_interests eq '100000000'", interests)).toBe(false);
    expect(matches("new_interests ne '100000000'", interests)).toBe(true);
    expect(matches("Microsoft.Dynamics.CRM.ContainValues(PropertyName='new_interests',PropertyValues=['100000004','100000002'])", interests)).toBe(true);
    expect(matches("Microsoft.Dynamics.CRM.ContainValues(PropertyName='new_interests',PropertyValues=['100000004'])", interests)).toBe(false);
    expect(matches("Microsoft.Dynamics.CRM.DoesNotContainValues(PropertyName='new_interests',PropertyValues=['100000004'])", interests)).toBe(true);
    expect(matches("Microsoft.Dynamics.CRM.DoesNotContainValues(PropertyName='new_interests',PropertyValues=['100000000'])", interests)).toBe(false);
    // No option selected contains none of them.
    expect(matches("Microsoft.Dynamics.CRM.DoesNotContainValues(PropertyName='new_interests',PropertyValues=['100000000'])", { new_interests: null })).toBe(true);
  });

  it('treats an empty column as null: eq null and ne null test it, every other comparison leaves the row out, even under not', () => {
    for (const empty of [{}, { jobtitle: null }, { jobtitle: '' }]) {
      expect(matches('jobtitle eq null', empty)).toBe(true);
      expect(matches('jobtitle ne null', empty)).toBe(false);
      expect(matches("jobtitle ne 'CEO'", empty)).toBe(false);
      expect(matches("jobtitle eq 'CEO'", empty)).toBe(false);
      expect(matches("not (jobtitle eq 'CEO')", empty)).toBe(false);
      expect(matches("not contains(jobtitle,'C')", empty)).toBe(false);
      expect(matches("Microsoft.Dynamics.CRM.NotIn(PropertyName='jobtitle',PropertyValues=['CEO'])", empty)).toBe(false);
      // Unknown or true is true; unknown and false is false; not of either stays as it was.
      expect(matches("jobtitle eq 'CEO' or lastname eq 'Lee'", { ...empty, lastname: 'Lee' })).toBe(true);
      expect(matches("not (jobtitle eq 'CEO' and lastname eq 'Lee')", { ...empty, lastname: 'Kim' })).toBe(true);
      expect(matches("not (jobtitle eq 'CEO' or lastname eq 'Lee')", { ...empty, lastname: 'Kim' })).toBe(false);
    }
    expect(matches('jobtitle ne null', { jobtitle: 'CEO' })).toBe(true);
    expect(matches("not (jobtitle eq 'CEO')", { jobtitle: 'CTO' })).toBe(true);
  });

  it('applies and before or, and not before both', () => {
    const record = { firstname: 'Ann', lastname: 'Lee', jobtitle: 'CTO' };
    expect(matches("firstname eq 'Ann' or lastname eq 'x' and jobtitle eq 'x'", record)).toBe(true);
    expect(matches("(firstname eq 'Ann' or lastname eq 'x') and jobtitle eq 'x'", record)).toBe(false);
    expect(matches("not (firstname eq 'x') and lastname eq 'Lee'", record)).toBe(true);
    expect(matches("not (firstname eq 'Ann' and lastname eq 'x')", record)).toBe(true);
  });

  it('compares datetimes as instants, with datetime or date literals', () => {
    const created = { createdon: '2024-05-01T08:30:00Z' };
    expect(matches('createdon eq 2024-05-01T10:30:00+02:00', created)).toBe(true);
    expect(matches('createdon gt 2024-05-01T08:29:59Z', created)).toBe(true);
    expect(matches('createdon lt 2024-05-01', created)).toBe(false);
    expect(matches('createdon ge 2024-05-01 and createdon lt 2024-05-02', created)).toBe(true);
    expect(matches('createdon gt 2024-05-01T08:30:00.000Z', { createdon: '2024-05-01T08:30:00.001Z' })).toBe(true);
  });

  it('compares date-only columns by day', () => {
    const webinar = { new_lastwebinardate: '2024-03-10' };
    expect(matches('new_lastwebinardate eq 2024-03-10', webinar)).toBe(true);
    expect(matches('new_lastwebinardate eq 2024-03-10T23:00:00Z', webinar)).toBe(true);
    expect(matches('new_lastwebinardate lt 2024-03-10', webinar)).toBe(false);
    expect(matches('new_lastwebinardate le 2024-03-10', { new_lastwebinardate: '2024-03-10T00:00:00.000Z' })).toBe(true);
  });

  describe('query functions count UTC days from now', () => {
    const fn = (name: string, column: string, days?: number) =>
      `Microsoft.Dynamics.CRM.${name}(PropertyName='${column}'${days === undefined ? '' : `,PropertyValue=${days}`})`;
    const at = (iso: string) => ({ createdon: iso });

    it.each([
      ['Today', undefined, ['2024-05-15T00:00:00Z', '2024-05-15T23:59:59Z'], ['2024-05-14T23:59:59Z', '2024-05-16T00:00:00Z']],
      ['Yesterday', undefined, ['2024-05-14T00:00:00Z', '2024-05-14T23:59:59Z'], ['2024-05-13T23:59:59Z', '2024-05-15T00:00:00Z']],
      ['Tomorrow', undefined, ['2024-05-16T00:00:00Z', '2024-05-16T23:59:59Z'], ['2024-05-15T23:59:59Z', '2024-05-17T00:00:00Z']],
      ['LastXDays', 7, ['2024-05-08T00:00:00Z', '2024-05-15T12:00:00Z'], ['2024-05-07T23:59:59Z', '2024-05-15T12:00:01Z']],
      ['NextXDays', 2, ['2024-05-15T12:00:00Z', '2024-05-17T23:59:59Z'], ['2024-05-15T11:59:59Z', '2024-05-18T00:00:00Z']],
      ['OlderThanXDays', 30, ['2024-04-14T23:59:59Z', '2020-01-01T00:00:00Z'], ['2024-04-15T00:00:00Z', '2024-05-15T12:00:00Z']],
    ])('%s(%s) on a datetime', (name, days, inside, outside) => {
      for (const iso of inside) expect({ iso, hit: matches(fn(name, 'createdon', days), at(iso)) }).toEqual({ iso, hit: true });
      for (const iso of outside) expect({ iso, hit: matches(fn(name, 'createdon', days), at(iso)) }).toEqual({ iso, hit: false });
    });

    it('on a date-only column, today counts whole for LastXDays and NextXDays', () => {
      const on = (date: string) => ({ new_lastwebinardate: date });
      expect(matches(fn('Today', 'new_lastwebinardate'), on('2024-05-15'))).toBe(true);
      expect(matches(fn('LastXDays', 'new_lastwebinardate', 3), on('2024-05-15'))).toBe(true);
      expect(matches(fn('LastXDays', 'new_lastwebinardate', 3), on('2024-05-12'))).toBe(true);
      expect(matches(fn('LastXDays', 'new_lastwebinardate', 3), on('2024-05-11'))).toBe(false);
      expect(matches(fn('NextXDays', 'new_lastwebinardate', 1), on('2024-05-15'))).toBe(true);
      expect(matches(fn('NextXDays', 'new_lastwebinardate', 1), on('2024-05-16'))).toBe(true);
      expect(matches(fn('NextXDays', 'new_lastwebinardate', 1), on('2024-05-17'))).toBe(false);
      expect(matches(fn('OlderThanXDays', 'new_lastwebinardate', 3), on('2024-05-11'))).toBe(true);
    });

    it('leave out rows whose date is empty', () => {
      expect(matches(fn('OlderThanXDays', 'createdon', 1), {})).toBe(false);
      expect(matches(`not ${fn('Today', 'createdon')}`, {})).toBe(false);
    });
  });
});
