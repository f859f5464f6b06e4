import { checkFilter, matchesFilter } from '../../../dynamics-emulator/odata/filter-eval';
import { parseFilter } from '../../../dynamics-emulator/odata/filter-parser';
import { ODataQueryError } from '../../../dynamics-emulator/odata/query-error';
import { tableOf } from '../../../dynamics-emulator/schema/tables';
import type { Row } from '../../../dynamics-emulator/schema/types';

const contact = tableOf('contact');
const ACCOUNT = '6b46a5bb-0760-4d6d-a3e6-757fe03b6fd1';

function matches(filter: string, row: Row): boolean {
  const tree = parseFilter(filter);
  checkFilter(contact, tree);
  return matchesFilter(contact, tree, row);
}

describe('OData $filter parser', () => {
  it('parses comparisons, and/or precedence, not, parentheses and string functions', () => {
    expect(parseFilter("a eq 'x' or b gt 1 and not (c eq null)")).toEqual({
      kind: 'or',
      left: { kind: 'compare', op: 'eq', property: 'a', value: { type: 'string', value: 'x' } },
      right: {
        kind: 'and',
        left: { kind: 'compare', op: 'gt', property: 'b', value: { type: 'number', value: 1 } },
        right: { kind: 'not', expr: { kind: 'compare', op: 'eq', property: 'c', value: { type: 'null', value: null } } },
      },
    });
    expect(parseFilter("contains(emailaddress1,'o''brien')")).toEqual({ kind: 'function', name: 'contains', property: 'emailaddress1', value: "o'brien" });
  });

  it('reads typed literals: guid, datetime, date, boolean, decimal', () => {
    const literal = (text: string) => (parseFilter(`p eq ${text}`) as { value: unknown }).value;
    expect(literal(ACCOUNT.toUpperCase())).toEqual({ type: 'guid', value: ACCOUNT });
    expect(literal('2024-05-01T08:30:00Z')).toEqual({ type: 'datetime', value: '2024-05-01T08:30:00Z' });
    expect(literal('2024-05-01')).toEqual({ type: 'date', value: '2024-05-01' });
    expect(literal('false')).toEqual({ type: 'boolean', value: false });
    expect(literal('12.5')).toEqual({ type: 'number', value: 12.5 });
  });

  it('puts the property on the left when the literal comes first', () => {
    expect(parseFilter('10 lt new_behaviorscore')).toEqual({ kind: 'compare', op: 'gt', property: 'new_behaviorscore', value: { type: 'number', value: 10 } });
  });

  it.each([
    ["lastname eq 'x", /unterminated/],
    ['lastname eq', /expected a literal/],
    ['lastname eq firstname', /comparing two properties/],
    ['new_behaviorscore add 1 eq 2', /'add' is not supported/],
    ["Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['1'])", /not supported/],
    ["lastname eq 'a' )", /unexpected/],
  ])('refuses %s', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(ODataQueryError);
    expect(() => parseFilter(filter)).toThrow(message);
  });
});

describe('OData $filter on a contact row', () => {
  const row: Row = {
    contactid: '11111111-1111-4111-8111-111111111111', lastname: 'Müller', emailaddress1: 'Ana.Muller@Example.com', new_behaviorscore: 42,
    new_newsletteroptin: true, new_customertier: null, modifiedon: '2024-05-01T08:30:00Z', new_lastwebinardate: '2024-03-10',
    parentcustomerid: { id: ACCOUNT, table: 'account' },
  };

  it('compares strings without regard to case, as Dataverse collation does', () => {
    expect(matches("lastname eq 'MÜLLER'", row)).toBe(true);
    expect(matches("startswith(emailaddress1,'ana.')", row)).toBe(true);
    expect(matches("endswith(emailaddress1,'EXAMPLE.COM')", row)).toBe(true);
  });

  it('treats empty columns with SQL semantics: eq null matches, ne a value does not', () => {
    expect(matches('new_customertier eq null', row)).toBe(true);
    expect(matches('new_customertier ne 100000000', row)).toBe(false);
    expect(matches('new_behaviorscore ne null and new_behaviorscore ge 42 and new_behaviorscore lt 43', row)).toBe(true);
  });

  it('compares lookups by id, datetimes by instant and date-only columns by day', () => {
    expect(matches(`_parentcustomerid_value eq ${ACCOUNT}`, row)).toBe(true);
    expect(matches('modifiedon gt 2024-05-01T10:00:00+02:00', row)).toBe(true);
    expect(matches('modifiedon lt 2024-05-01', row)).toBe(false);
    expect(matches('new_lastwebinardate ge 2024-03-10 and new_lastwebinardate le 2024-03-10T23:00:00Z', row)).toBe(true);
  });

  it('refuses unknown properties, lookups not named _x_value, and literals of the wrong type', () => {
    expect(() => matches('nosuch eq 1', row)).toThrow("Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.contact'.");
    expect(() => matches(`parentcustomerid eq ${ACCOUNT}`, row)).toThrow(/Could not find a property named 'parentcustomerid'/);
    expect(() => matches("new_behaviorscore eq '42'", row)).toThrow("Found operand types 'Edm.Int32' and 'Edm.String'");
    expect(() => matches("_parentcustomerid_value eq '6b46a5bb-0760-4d6d-a3e6-757fe03b6fd1'", row)).toThrow(/Edm.Guid/);
    expect(() => matches('contains(new_behaviorscore,"4")', row)).toThrow(ODataQueryError);
  });
});
