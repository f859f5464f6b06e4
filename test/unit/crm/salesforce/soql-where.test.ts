import type { CrmFieldDescribe } from '../../../../domain/crm/connector';
import { matchesWhere, MAX_WHERE_LENGTH, parseWhereClause, type CompiledWhere, type WhereObject } from '../../../../domain/crm/salesforce/soql-where/soql-where';

function field(name: string, type: string, compound = false): CrmFieldDescribe {
  return { name, label: name, type, updateable: true, calculated: false, compound, referenceTo: [] };
}

const LEAD_FIELDS: CrmFieldDescribe[] = [
  field('Id', 'id'),
  field('Name', 'string'),
  field('Company', 'string'),
  field('Email', 'email'),
  field('Status', 'picklist'),
  field('Description', 'textarea'),
  field('AnnualRevenue', 'currency'),
  field('NumberOfEmployees', 'int'),
  field('Score__c', 'double'),
  field('IsConverted', 'boolean'),
  field('HasOptedOutOfEmail', 'boolean'),
  field('CreatedDate', 'datetime'),
  field('LastActivityDate', 'date'),
  field('OwnerId', 'reference'),
  field('Interests__c', 'multipicklist'),
  field('Address', 'address', true),
  field('Photo__c', 'base64'),
];

/** Wednesday 15 May 2024, noon UTC. */
const NOW = new Date('2024-05-15T12:00:00.000Z');

function compile(where: string, object: WhereObject = 'Lead'): CompiledWhere {
  const parsed = parseWhereClause(where, object, LEAD_FIELDS);
  if (!parsed.ok) throw new Error(`expected ${where} to parse, got: ${parsed.problem}`);
  return parsed.clause;
}

function problemOf(where: string): string {
  const parsed = parseWhereClause(where, 'Lead', LEAD_FIELDS);
  if (parsed.ok) throw new Error(`expected ${where} to be refused`);
  return parsed.problem;
}

function matches(where: string, fields: Record<string, unknown>, now = NOW): boolean {
  return matchesWhere(compile(where), fields, now);
}

describe('parseWhereClause accepts', () => {
  it('a clause and lists the fields it uses, spelled as the describe spells them', () => {
    const parsed = parseWhereClause("status = 'Open' AND (annualrevenue > 1000 OR Status = 'New')", 'Lead', LEAD_FIELDS);
    expect(parsed).toEqual({
      ok: true,
      fieldsUsed: ['Status', 'AnnualRevenue'],
      clause: {
        kind: 'and',
        operands: [
          { kind: 'condition', field: 'Status', valueKind: 'text', operator: '=', values: ['open'] },
          {
            kind: 'or',
            operands: [
              { kind: 'condition', field: 'AnnualRevenue', valueKind: 'number', operator: '>', values: [1000] },
              { kind: 'condition', field: 'Status', valueKind: 'text', operator: '=', values: ['new'] },
            ],
          },
        ],
      },
    });
  });

  it('a clause pasted with its WHERE keyword, meaning the same', () => {
    expect(compile("WHERE Name = 'x'")).toEqual(compile("Name = 'x'"));
  });

  it('Contact as the object', () => {
    expect(parseWhereClause("Email LIKE '%@example.com'", 'Contact', LEAD_FIELDS).ok).toBe(true);
  });

  it('a clause of exactly the maximum length', () => {
    const prefix = "Name = '";
    const clause = `${prefix}${'x'.repeat(MAX_WHERE_LENGTH - prefix.length - 1)}'`;
    expect(clause).toHaveLength(MAX_WHERE_LENGTH);
    expect(parseWhereClause(clause, 'Lead', LEAD_FIELDS).ok).toBe(true);
  });

  it('<> as a spelling of !=', () => {
    expect(compile("Name <> 'x'")).toEqual(compile("Name != 'x'"));
  });

  it('a compiled clause that survives JSON (it can be stored or passed to an activity)', () => {
    const clause = compile("CreatedDate = LAST_N_DAYS:7 AND Interests__c INCLUDES ('a;b') AND Name LIKE 'A%'");
    const copy = JSON.parse(JSON.stringify(clause)) as CompiledWhere;
    const record = { CreatedDate: '2024-05-14T09:00:00.000+0000', Interests__c: 'B;A;C', Name: 'Acme' };
    expect(matchesWhere(copy, record, NOW)).toBe(true);
    expect(matchesWhere(clause, record, NOW)).toBe(true);
  });

  it.each([
    ["Name = 'a' AND (Email = 'b' OR Status = 'c')", { kind: 'and', operands: ['Name', { kind: 'or', operands: ['Email', 'Status'] }] }],
    ["(Name = 'a' AND Email = 'b') OR Status = 'c'", { kind: 'or', operands: [{ kind: 'and', operands: ['Name', 'Email'] }, 'Status'] }],
    ["NOT (Name = 'a' OR Email = 'b')", { kind: 'not', operand: { kind: 'or', operands: ['Name', 'Email'] } }],
    ["(NOT Name = 'a') AND Email = 'b'", { kind: 'and', operands: [{ kind: 'not', operand: 'Name' }, 'Email'] }],
    ["Name = 'a' AND NOT Email = 'b'", { kind: 'and', operands: ['Name', { kind: 'not', operand: 'Email' }] }],
    ["Name = 'a' OR Email = 'b' OR Status = 'c'", { kind: 'or', operands: ['Name', 'Email', 'Status'] }],
    ["((Name = 'a'))", 'Name'],
  ])('%s with the structure it is written with', (where, shape) => {
    const outline = (c: CompiledWhere): unknown =>
      c.kind === 'condition' ? c.field : c.kind === 'not' ? { kind: 'not', operand: outline(c.operand) } : { kind: c.kind, operands: c.operands.map(outline) };
    expect(outline(compile(where))).toEqual(shape);
  });
});

describe('parseWhereClause refuses, with one message naming the problem', () => {
  it.each([
    // Not a WHERE expression
    ["Id != null) OR (Name = 'x'", "unbalanced parentheses: the ')' at position 11 closes a parenthesis that was never opened"],
    ["(Name = 'x'", "unbalanced parentheses: 1 '(' never closed"],
    ["Name = 'x' LIMIT 5", 'LIMIT is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' ORDER BY Name", 'ORDER BY is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' GROUP BY Name", 'GROUP BY is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' WITH SECURITY_ENFORCED", 'WITH SECURITY_ENFORCED is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' WITH USER_MODE", 'WITH USER_MODE / SYSTEM_MODE is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' FOR UPDATE", 'FOR VIEW / UPDATE / REFERENCE is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    ["Name = 'x' UPDATE VIEWSTAT", 'UPDATE TRACKING / VIEWSTAT is not allowed: the clause must be a filter only (what follows WHERE), not a query'],
    // Syntax, with the parser's message made short
    ['Name =', 'syntax error: the clause ends too early'],
    ["Name = 'x' AND", 'syntax error: the clause ends too early'],
    ["Name = 'x' OFFSET 5", "syntax error: unexpected '5'"],
    ["Name = 'abc", 'syntax error: the quoted text starting at position 8 is never closed'],
    ['Name = "abc"', 'syntax error: unexpected character " at position 8'],
    ["Name = 'x' Email = 'y'", 'syntax error: AND or OR is missing between "Name = \'x\'" and what follows it'],
    ['Name = :bound', "syntax error: unexpected ':'"],
    ["Name = 'a\\qb'", "invalid escape sequence \\q in 'a\\qb'; the escapes are \\' \\\" \\\\ \\n \\r \\t \\b \\f \\uXXXX, and \\% \\_ in LIKE"],
    ["Name = 'caf\\u00e'", "invalid escape sequence \\u in 'caf\\u00e'; the escapes are \\' \\\" \\\\ \\n \\r \\t \\b \\f \\uXXXX, and \\% \\_ in LIKE"],
    // Precedence a reader could take two ways
    [
      "Name = 'a' AND Email = 'b' OR Status = 'c'",
      'AND and OR are mixed without parentheses (at OR before "Status = \'c\'"); SOQL needs them to say which applies first, e.g. (A AND B) OR C',
    ],
    ["NOT Name = 'a' AND Email = 'b'", 'NOT followed by AND is ambiguous: put parentheses around what NOT applies to, e.g. (NOT A) AND B or NOT (A AND B)'],
    ["NOT (Name = 'a') AND Email = 'b'", 'NOT followed by AND is ambiguous: put parentheses around what NOT applies to, e.g. (NOT A) AND B or NOT (A AND B)'],
    ["Name = 'a' OR NOT Email = 'b' OR Status = 'c'", 'NOT followed by OR is ambiguous: put parentheses around what NOT applies to, e.g. (NOT A) OR B or NOT (A OR B)'],
    ["NOT NOT Name = 'a'", 'NOT NOT is not supported: remove both NOTs'],
    // The parser drops one of three nested NOTs; the count of logical words in the text catches it.
    ["(NOT (NOT (NOT (Name = 'a')))) AND Email = 'b'", 'the clause could not be read unambiguously; check its AND, OR, NOT and parentheses'],
    // Fields
    ['Foo__c = 1', "unknown field 'Foo__c' on Lead"],
    [
      "Account.Name = 'x'",
      'Account.Name: fields of related records are not supported; the local copy of Lead holds only its own fields (filter on a field of Lead, e.g. its lookup id)',
    ],
    ["Address = 'x'", 'Address is a compound address field and cannot be filtered; filter on its parts (e.g. City, PostalCode) instead'],
    ["Photo__c = 'x'", "Photo__c is a base64 field, which a list's WHERE clause cannot filter on"],
    // Unsupported constructs
    [
      'Id IN (SELECT LeadId FROM CampaignMember)',
      "Id IN (SELECT …): semi-join and anti-join subqueries are not supported; the local copy of Lead cannot see other objects' records",
    ],
    ['CALENDAR_YEAR(CreatedDate) = 2024', "functions such as CALENDAR_YEAR() are not supported in a list's WHERE clause; compare a field directly"],
    [
      'CreatedDate = THIS_FISCAL_QUARTER',
      "THIS_FISCAL_QUARTER: fiscal date literals are not supported; they depend on the org's fiscal year settings, which the local copy does not hold",
    ],
    [
      'CreatedDate > LAST_N_FISCAL_YEARS:2',
      "LAST_N_FISCAL_YEARS:2: fiscal date literals are not supported; they depend on the org's fiscal year settings, which the local copy does not hold",
    ],
    ['AnnualRevenue = USD100', 'AnnualRevenue = USD100: currency-prefixed amounts are not supported (the local copy has no conversion rates); write the plain number'],
    // Operators
    ["AnnualRevenue LIKE '5%'", 'LIKE is not valid on AnnualRevenue (a currency field); use =, !=, <, <=, >, >=, IN, NOT IN'],
    ["Id LIKE '00Q%'", 'LIKE is not valid on Id (a id field); use =, !=, <, <=, >, >=, IN, NOT IN'],
    [
      "Name INCLUDES ('a')",
      'INCLUDES is not valid on Name (a string field) (INCLUDES and EXCLUDES are for multi-select picklists); use =, !=, <, <=, >, >=, IN, NOT IN, LIKE',
    ],
    ["Interests__c IN ('a')", 'IN is not valid on Interests__c (a multipicklist field); use =, !=, INCLUDES, EXCLUDES'],
    ["Interests__c LIKE 'a%'", 'LIKE is not valid on Interests__c (a multipicklist field); use =, !=, INCLUDES, EXCLUDES'],
    ['IsConverted > TRUE', '> is not valid on IsConverted (a boolean field); use =, !='],
    ['Name < null', 'Name < null: only =, !=, IN and NOT IN can compare with null'],
    ['Name LIKE null', 'Name LIKE null: only =, !=, IN and NOT IN can compare with null'],
    ["Interests__c INCLUDES ('')", 'Interests__c INCLUDES: every value must name at least one picklist value'],
    // Values of the wrong type
    ["AnnualRevenue = 'abc'", "AnnualRevenue is a currency field; compare it with a number without quotes, e.g. 1000 (got 'abc')"],
    ["NumberOfEmployees IN (1, '2')", "NumberOfEmployees is a int field; compare it with a number without quotes, e.g. 1000 (got '2')"],
    ['Name = 5', "Name is a string field; compare it with a quoted text value, e.g. 'Acme' (got 5)"],
    ['Name = TODAY', "Name is a string field; compare it with a quoted text value, e.g. 'Acme' (got TODAY)"],
    ["IsConverted = 'true'", "IsConverted is a boolean field; compare it with TRUE or FALSE without quotes (got 'true')"],
    [
      'CreatedDate = 2024-01-01',
      'CreatedDate is a datetime field; compare it with a datetime without quotes (YYYY-MM-DDThh:mm:ssZ) or a date literal such as TODAY (got 2024-01-01)',
    ],
    [
      'LastActivityDate = 2024-01-01T00:00:00Z',
      'LastActivityDate is a date field; compare it with a date without quotes (YYYY-MM-DD) or a date literal such as LAST_N_DAYS:30 (got 2024-01-01T00:00:00Z)',
    ],
    [
      "LastActivityDate = '2024-01-01'",
      "LastActivityDate is a date field; compare it with a date without quotes (YYYY-MM-DD) or a date literal such as LAST_N_DAYS:30 (got '2024-01-01')",
    ],
    ['LastActivityDate = 2024-02-30', 'LastActivityDate: 2024-02-30 is not a valid date'],
    ["Id = 'abc'", "Id: 'abc' is not a record id (15 or 18 letters and digits)"],
    ["OwnerId IN ('005000000000001AAA', 'nope')", "OwnerId: 'nope' is not a record id (15 or 18 letters and digits)"],
  ])('%s', (where, problem) => {
    expect(problemOf(where)).toBe(problem);
  });

  it('an empty clause', () => {
    expect(problemOf('   ')).toBe('the WHERE clause is empty');
    expect(problemOf('WHERE ')).toBe('the WHERE clause is empty');
  });

  it('a clause over the length limit', () => {
    const clause = `Name = '${'x'.repeat(MAX_WHERE_LENGTH)}'`;
    expect(problemOf(clause)).toBe(`the WHERE clause is ${clause.length.toLocaleString('en-US')} characters; at most 4,000 are allowed`);
  });

  it('an object other than Lead or Contact', () => {
    const parsed = parseWhereClause("Name = 'x'", 'Account' as WhereObject, LEAD_FIELDS);
    expect(parsed).toEqual({ ok: false, problem: 'a WHERE clause list is on Lead or Contact, not Account' });
  });

  it('a field the given describe does not have, naming the object', () => {
    const parsed = parseWhereClause("Title = 'CEO'", 'Contact', [field('Name', 'string')]);
    expect(parsed).toEqual({ ok: false, problem: "unknown field 'Title' on Contact" });
  });
});

describe('matchesWhere on text', () => {
  it.each([
    ["Name = 'acme'", { Name: 'ACME' }, true],
    ["Name = 'acme'", { Name: 'Acme Corp' }, false],
    ["Name = 'acme'", {}, false],
    ["Name != 'acme'", { Name: 'Other' }, true],
    ["Name != 'acme'", { Name: 'Acme' }, false],
    ["Name != 'acme'", { Name: null }, true],
    ["Name != 'acme'", {}, true],
    ['Name = null', { Name: null }, true],
    ['Name = null', {}, true],
    ['Name = null', { Name: '' }, true],
    ['Name = null', { Name: 'x' }, false],
    ['Name != null', { Name: 'x' }, true],
    ['Name != null', { Name: null }, false],
    ["Name < 'm'", { Name: 'Apple' }, true],
    ["Name < 'm'", { Name: 'zebra' }, false],
    ["Name >= 'B'", { Name: 'apple' }, false],
    ["Name >= 'B'", { Name: 'b' }, true],
    ["Name < 'm'", {}, false],
    ["Status IN ('Open', 'Working')", { Status: 'working' }, true],
    ["Status IN ('Open', 'Working')", { Status: 'Closed' }, false],
    ["Status IN ('Open', 'Working')", {}, false],
    ["Status IN ('Open', null)", {}, true],
    ["Status NOT IN ('Open', 'Working')", { Status: 'Closed' }, true],
    ["Status NOT IN ('Open', 'Working')", { Status: 'OPEN' }, false],
    ["Status NOT IN ('Open', 'Working')", {}, true],
    ["Status NOT IN ('Open', null)", {}, false],
    ["Name = 'O\\'Brien'", { Name: "o'brien" }, true],
    ["Description = 'line1\\nline2'", { Description: 'line1\nline2' }, true],
    ["Description = 'line1\\Nline2\\Tend'", { Description: 'line1\nline2\tend' }, true],
    ["Name = 'caf\\u00e9'", { Name: 'CAFÉ' }, true],
    ["Name = 'back\\\\slash'", { Name: 'back\\slash' }, true],
    ["Name = '100%'", { Name: '100%' }, true],
    ["Name = 'a\\_b'", { Name: 'a_b' }, true],
  ])('%s on %j is %s', (where, fields, expected) => {
    expect(matches(where, fields)).toBe(expected);
  });
});

describe('matchesWhere with LIKE', () => {
  it.each([
    ["Name LIKE 'ac%'", 'Acme', true],
    ["Name LIKE 'ac%'", 'Bacme', false],
    ["Name LIKE '%cm%'", 'ACME', true],
    ["Name LIKE 'a_me'", 'Acme', true],
    ["Name LIKE 'a_me'", 'Acccme', false],
    ["Name LIKE 'acme'", 'ACME', true],
    ["Name LIKE 'acme'", 'acme inc', false],
    ["Name LIKE '100\\%'", '100%', true],
    ["Name LIKE '100\\%'", '1000', false],
    ["Name LIKE 'a\\_b'", 'a_b', true],
    ["Name LIKE 'a\\_b'", 'axb', false],
    ["Name LIKE 'a.c'", 'abc', false],
    ["Name LIKE 'a.c'", 'a.c', true],
    ["Name LIKE '(x)%'", '(X) corp', true],
    ["Name LIKE '[ab]%'", '[AB] ltd', true],
    ["Name LIKE '%'", 'line1\nline2', true],
    ["Email LIKE '%@example.com'", 'Jo@Example.COM', true],
    ["Name LIKE 'O\\'B%'", "O'Brien", true],
    // A literal backslash before a wildcard leaves the wildcard a wildcard.
    ["Name LIKE 'a\\\\%'", 'a\\xyz', true],
    ["Name LIKE 'a\\\\%'", 'a%', false],
    ["Name LIKE 'a\\\\\\%'", 'a\\%', true],
    ["Name LIKE 'a\\\\\\%'", 'a\\x', false],
  ])('%s on %j is %s', (where, name, expected) => {
    const fieldName = where.split(' ')[0];
    expect(matches(where, { [fieldName]: name })).toBe(expected);
  });

  it('never matches a null field, and NOT LIKE does', () => {
    expect(matches("Name LIKE '%'", {})).toBe(false);
    expect(matches("NOT Name LIKE 'a%'", {})).toBe(true);
    expect(matches("NOT Name LIKE 'a%'", { Name: 'Acme' })).toBe(false);
  });
});

describe('matchesWhere on numbers', () => {
  it.each([
    ['AnnualRevenue > 1000', { AnnualRevenue: 1500 }, true],
    ['AnnualRevenue > 1000', { AnnualRevenue: 1000 }, false],
    ['AnnualRevenue >= 1000', { AnnualRevenue: 1000 }, true],
    ['AnnualRevenue < 1000.5', { AnnualRevenue: 1000.25 }, true],
    ['AnnualRevenue <= -5', { AnnualRevenue: -5 }, true],
    ['AnnualRevenue > 1000', {}, false],
    ['AnnualRevenue < 1000', { AnnualRevenue: null }, false],
    ['AnnualRevenue = 1000', { AnnualRevenue: '1000' }, true],
    ['AnnualRevenue = 1000', { AnnualRevenue: 'n/a' }, false],
    ['AnnualRevenue != 1000', { AnnualRevenue: 5 }, true],
    ['AnnualRevenue != 1000', {}, true],
    ['AnnualRevenue = null', {}, true],
    ['NumberOfEmployees IN (10, 20)', { NumberOfEmployees: 20 }, true],
    ['NumberOfEmployees NOT IN (10, 20)', { NumberOfEmployees: 30 }, true],
    ['NumberOfEmployees NOT IN (10, 20)', {}, true],
    ['Score__c >= 0.5', { Score__c: 0.5 }, true],
  ])('%s on %j is %s', (where, fields, expected) => {
    expect(matches(where, fields)).toBe(expected);
  });
});

describe('matchesWhere on booleans', () => {
  it.each([
    ['IsConverted = TRUE', { IsConverted: true }, true],
    ['IsConverted = TRUE', { IsConverted: false }, false],
    ['IsConverted = true', { IsConverted: true }, true],
    ['IsConverted = FALSE', { IsConverted: false }, true],
    // A checkbox is never null in Salesforce: missing reads as FALSE, `= null` means `= FALSE`.
    ['IsConverted = FALSE', {}, true],
    ['IsConverted = null', { IsConverted: false }, true],
    ['IsConverted = null', { IsConverted: true }, false],
    ['IsConverted != null', { IsConverted: true }, true],
    ['IsConverted != null', {}, false],
    ['IsConverted != TRUE', { IsConverted: false }, true],
    ['IsConverted = TRUE', { IsConverted: 'true' }, true],
  ])('%s on %j is %s', (where, fields, expected) => {
    expect(matches(where, fields)).toBe(expected);
  });
});

describe('matchesWhere on dates and datetimes', () => {
  it.each([
    ['LastActivityDate = 2024-05-01', { LastActivityDate: '2024-05-01' }, true],
    ['LastActivityDate = 2024-05-01', { LastActivityDate: '2024-05-02' }, false],
    ['LastActivityDate < 2024-05-01', { LastActivityDate: '2024-04-30' }, true],
    ['LastActivityDate >= 2024-05-01', { LastActivityDate: '2024-05-01' }, true],
    ['LastActivityDate > 2024-05-01', {}, false],
    ['LastActivityDate != 2024-05-01', {}, true],
    ['CreatedDate > 2024-05-01T10:00:00Z', { CreatedDate: '2024-05-01T10:20:30.000+0000' }, true],
    ['CreatedDate > 2024-05-01T10:00:00Z', { CreatedDate: '2024-05-01T09:59:59.000+0000' }, false],
    // 12:00+02:00 is 10:00 UTC.
    ['CreatedDate = 2024-05-01T12:00:00+02:00', { CreatedDate: '2024-05-01T10:00:00.000+0000' }, true],
    ['CreatedDate < 2024-05-01T12:00:00.000+0200', { CreatedDate: '2024-05-01T09:59:59.999+0000' }, true],
    ['CreatedDate IN (2024-05-01T10:00:00Z, 2024-05-02T10:00:00Z)', { CreatedDate: '2024-05-02T10:00:00.000+0000' }, true],
    ['CreatedDate > 2024-05-01T10:00:00Z', { CreatedDate: 'garbage' }, false],
  ])('%s on %j is %s', (where, fields, expected) => {
    expect(matches(where, fields)).toBe(expected);
  });

  // NOW is Wednesday 2024-05-15 12:00 UTC: the week (Sunday first) is 12–18 May, the quarter April–June.
  it.each([
    ['TODAY', '2024-05-15', true],
    ['TODAY', '2024-05-14', false],
    ['YESTERDAY', '2024-05-14', true],
    ['TOMORROW', '2024-05-16', true],
    ['LAST_N_DAYS:7', '2024-05-15', true],
    ['LAST_N_DAYS:7', '2024-05-08', true],
    ['LAST_N_DAYS:7', '2024-05-07', false],
    ['LAST_N_DAYS:7', '2024-05-16', false],
    ['NEXT_N_DAYS:2', '2024-05-15', false],
    ['NEXT_N_DAYS:2', '2024-05-17', true],
    ['NEXT_N_DAYS:2', '2024-05-18', false],
    ['N_DAYS_AGO:3', '2024-05-12', true],
    ['N_DAYS_AGO:3', '2024-05-13', false],
    ['LAST_90_DAYS', '2024-02-15', true],
    ['LAST_90_DAYS', '2024-02-14', false],
    ['THIS_WEEK', '2024-05-12', true],
    ['THIS_WEEK', '2024-05-18', true],
    ['THIS_WEEK', '2024-05-19', false],
    ['LAST_WEEK', '2024-05-05', true],
    ['LAST_WEEK', '2024-05-12', false],
    ['NEXT_N_WEEKS:1', '2024-05-19', true],
    ['THIS_MONTH', '2024-05-01', true],
    ['THIS_MONTH', '2024-04-30', false],
    ['LAST_MONTH', '2024-04-30', true],
    ['NEXT_MONTH', '2024-06-30', true],
    ['LAST_N_MONTHS:2', '2024-03-01', true],
    ['LAST_N_MONTHS:2', '2024-05-01', false],
    ['LAST_N_MONTHS:2', '2024-02-29', false],
    ['N_MONTHS_AGO:1', '2024-04-15', true],
    ['THIS_QUARTER', '2024-04-01', true],
    ['THIS_QUARTER', '2024-06-30', true],
    ['THIS_QUARTER', '2024-07-01', false],
    ['LAST_QUARTER', '2024-01-01', true],
    ['LAST_QUARTER', '2024-04-01', false],
    ['THIS_YEAR', '2024-12-31', true],
    ['LAST_YEAR', '2023-06-01', true],
    ['LAST_N_YEARS:2', '2022-01-01', true],
    ['LAST_N_YEARS:2', '2024-01-01', false],
  ])('LastActivityDate = %s on %s is %s', (literal, day, expected) => {
    expect(matches(`LastActivityDate = ${literal}`, { LastActivityDate: day })).toBe(expected);
  });

  it.each([
    ['CreatedDate = TODAY', '2024-05-15T00:00:00.000+0000', true],
    ['CreatedDate = TODAY', '2024-05-15T23:59:59.999+0000', true],
    ['CreatedDate = TODAY', '2024-05-14T23:59:59.999+0000', false],
    ['CreatedDate < TODAY', '2024-05-14T23:59:59.999+0000', true],
    ['CreatedDate < TODAY', '2024-05-15T00:00:00.000+0000', false],
    ['CreatedDate <= TODAY', '2024-05-15T23:00:00.000+0000', true],
    ['CreatedDate > TODAY', '2024-05-15T23:00:00.000+0000', false],
    ['CreatedDate > TODAY', '2024-05-16T00:00:00.000+0000', true],
    ['CreatedDate >= TODAY', '2024-05-15T00:00:00.000+0000', true],
    ['CreatedDate != TODAY', '2024-05-15T08:00:00.000+0000', false],
    ['CreatedDate = LAST_N_DAYS:1', '2024-05-14T00:00:00.000+0000', true],
    ['CreatedDate IN (YESTERDAY, TOMORROW)', '2024-05-16T10:00:00.000+0000', true],
    ['CreatedDate IN (YESTERDAY, TOMORROW)', '2024-05-15T10:00:00.000+0000', false],
  ])('%s on %s is %s', (where, stamp, expected) => {
    expect(matches(where, { CreatedDate: stamp })).toBe(expected);
  });

  it('date literals follow `now`, across month and year boundaries', () => {
    const january = new Date('2024-01-10T08:00:00Z');
    expect(matches('LastActivityDate = LAST_MONTH', { LastActivityDate: '2023-12-31' }, january)).toBe(true);
    expect(matches('LastActivityDate = LAST_QUARTER', { LastActivityDate: '2023-10-01' }, january)).toBe(true);
    expect(matches('LastActivityDate = LAST_QUARTER', { LastActivityDate: '2023-09-30' }, january)).toBe(false);
    expect(matches('LastActivityDate = YESTERDAY', { LastActivityDate: '2024-01-09' }, january)).toBe(true);
    expect(matches('CreatedDate = LAST_N_DAYS:10', { CreatedDate: '2023-12-31T10:00:00.000+0000' }, january)).toBe(true);
  });

  it('compiles once and evaluates against each `now` it is given', () => {
    const clause = compile('LastActivityDate = TODAY');
    expect(matchesWhere(clause, { LastActivityDate: '2024-05-15' }, NOW)).toBe(true);
    expect(matchesWhere(clause, { LastActivityDate: '2024-05-15' }, new Date('2024-05-16T00:00:01Z'))).toBe(false);
  });
});

describe('matchesWhere on multi-select picklists', () => {
  it.each([
    ["Interests__c INCLUDES ('a')", 'A;B', true],
    ["Interests__c INCLUDES ('a')", 'B;C', false],
    // 'a;b' inside INCLUDES means both; separate values mean either.
    ["Interests__c INCLUDES ('a;b')", 'B;C;A', true],
    ["Interests__c INCLUDES ('a;b')", 'A;C', false],
    ["Interests__c INCLUDES ('a;b', 'c')", 'C', true],
    ["Interests__c INCLUDES ('a;b', 'c')", 'A', false],
    ["Interests__c INCLUDES ('a')", null, false],
    ["Interests__c EXCLUDES ('a')", 'B;C', true],
    ["Interests__c EXCLUDES ('a')", 'A;B', false],
    ["Interests__c EXCLUDES ('a;b')", 'A;C', true],
    ["Interests__c EXCLUDES ('a')", null, true],
    ["Interests__c = 'b;a'", 'A;B', true],
    ["Interests__c = 'a'", 'A;B', false],
    ["Interests__c != 'a'", 'A;B', true],
    ["Interests__c != 'a'", null, true],
    ['Interests__c = null', '', true],
  ])('%s on %j is %s', (where, value, expected) => {
    expect(matches(where, { Interests__c: value })).toBe(expected);
  });
});

describe('matchesWhere on ids', () => {
  it.each([
    ["Id = '00Q000000000001AAA'", '00Q000000000001AAA', true],
    ["Id = '00Q000000000001'", '00Q000000000001AAA', true],
    ["Id = '00q000000000001'", '00Q000000000001AAA', false],
    ["OwnerId IN ('005000000000001', '005000000000002AAA')", '005000000000002AAA', true],
    ["OwnerId != '005000000000001AAA'", null, true],
  ])('%s on %j is %s', (where, value, expected) => {
    const fieldName = where.split(' ')[0];
    expect(matches(where, { [fieldName]: value })).toBe(expected);
  });
});

describe('matchesWhere with AND, OR and NOT', () => {
  const where = "(Status = 'Open' OR Status = 'Working') AND NOT (AnnualRevenue < 1000)";
  it.each([
    [{ Status: 'Open', AnnualRevenue: 5000 }, true],
    [{ Status: 'Working', AnnualRevenue: 1000 }, true],
    [{ Status: 'Open', AnnualRevenue: 10 }, false],
    [{ Status: 'Closed', AnnualRevenue: 5000 }, false],
    // NOT is plain negation: a null revenue is not < 1000, so NOT (…) is true.
    [{ Status: 'Open' }, true],
  ])(`${where} on %j is %s`, (fields, expected) => {
    expect(matches(where, fields)).toBe(expected);
  });

  it.each([
    ["Name = 'a' AND (Email = 'b' OR Status = 'c')", { Name: 'a', Status: 'c' }, true],
    ["Name = 'a' AND (Email = 'b' OR Status = 'c')", { Status: 'c' }, false],
    ["(Name = 'a' AND Email = 'b') OR Status = 'c'", { Status: 'c' }, true],
    ["(Name = 'a' AND Email = 'b') OR Status = 'c'", { Name: 'a' }, false],
    ["(NOT Name = 'a') AND Email = 'b'", { Name: 'z', Email: 'b' }, true],
    ["NOT (Name = 'a' AND Email = 'b')", { Name: 'a', Email: 'z' }, true],
    ["NOT (Name = 'a' AND Email = 'b')", { Name: 'a', Email: 'b' }, false],
    ["Name = 'a' OR Email = 'b' OR Status = 'c'", { Email: 'b' }, true],
    ["Name = 'a' AND Email = 'b' AND Status = 'c'", { Name: 'a', Email: 'b' }, false],
  ])('%s on %j is %s', (clause, fields, expected) => {
    expect(matches(clause, fields)).toBe(expected);
  });

  it('reads only the fields map it is given (a missing map is an empty record)', () => {
    expect(matchesWhere(compile('Name = null'), undefined as unknown as Record<string, unknown>, NOW)).toBe(true);
  });
});

describe('matchesWhere on generated clauses', () => {
  /** mulberry32: a tiny seeded PRNG, so a failure reproduces without a property-testing library. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const ATOMS = ["Name = 'a'", "Email = 'b'", "Status = 'c'", 'AnnualRevenue > 10', 'IsConverted = TRUE'];
  type Tree = { atom: number } | { not: Tree } | { op: 'AND' | 'OR'; operands: Tree[] };

  function generate(random: () => number, depth: number): Tree {
    const pick = random();
    if (depth === 0 || pick < 0.3) return { atom: Math.floor(random() * ATOMS.length) };
    if (pick < 0.45) {
      // Negated NOTs are refused (the parser drops stacked NOTs), so NOT NOT x is generated as x.
      const operand = generate(random, depth - 1);
      return 'not' in operand ? operand.not : { not: operand };
    }
    const count = 2 + Math.floor(random() * 2);
    return { op: random() < 0.5 ? 'AND' : 'OR', operands: Array.from({ length: count }, () => generate(random, depth - 1)) };
  }

  /** Renders with only the parentheses SOQL requires, plus some redundant ones at random. */
  function render(random: () => number, tree: Tree, parent?: 'AND' | 'OR', last = true): string {
    const wrapAnyway = random() < 0.2;
    if ('atom' in tree) return wrapAnyway ? `(${ATOMS[tree.atom]})` : ATOMS[tree.atom];
    if ('not' in tree) {
      const text = `NOT ${'atom' in tree.not || 'not' in tree.not ? render(random, tree.not) : `(${render(random, tree.not)})`}`;
      return parent && (!last || wrapAnyway) ? `(${text})` : text;
    }
    const text = tree.operands.map((operand, i) => render(random, operand, tree.op, i === tree.operands.length - 1)).join(` ${tree.op} `);
    return parent || wrapAnyway ? `(${text})` : text;
  }

  function truth(tree: Tree, atoms: boolean[]): boolean {
    if ('atom' in tree) return atoms[tree.atom];
    if ('not' in tree) return !truth(tree.not, atoms);
    return tree.op === 'AND' ? tree.operands.every((t) => truth(t, atoms)) : tree.operands.some((t) => truth(t, atoms));
  }

  it('agree with the boolean structure they were written from (600 seeded cases)', () => {
    const random = prng(20240515);
    for (let i = 0; i < 5000; i++) {
      const tree = generate(random, 4);
      const where = render(random, tree);
      const clause = compile(where);
      const atoms = ATOMS.map(() => random() < 0.5);
      const fields = {
        Name: atoms[0] ? 'a' : 'x',
        Email: atoms[1] ? 'b' : null,
        Status: atoms[2] ? 'C' : 'open',
        AnnualRevenue: atoms[3] ? 11 : 10,
        IsConverted: atoms[4],
      };
      expect({ where, atoms, result: matchesWhere(clause, fields, NOW) }).toEqual({ where, atoms, result: truth(tree, atoms) });
    }
  });
});
