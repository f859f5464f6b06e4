import fc from 'fast-check';
import { matchesODataFilter, parseODataFilter } from '../../../../domain/crm/dynamics/odata-filter/odata-filter';
import { CONTACT_FIELDS } from './odata-filter-fields';

const NOW = new Date('2024-05-15T12:00:00.000Z');

/** Conditions over columns of every kind, each of which is empty in some records. */
const CONDITION = fc.constantFrom(
  "jobtitle eq 'CEO'",
  "jobtitle ne 'cto'",
  "contains(emailaddress1,'example.org')",
  'new_customertier eq 100000001',
  'new_customertier gt 100000001',
  'new_behaviorscore ge 50',
  'new_behaviorscore eq null',
  'new_newsletteroptin eq true',
  "new_interests eq '100000000'",
  "Microsoft.Dynamics.CRM.ContainValues(PropertyName='new_interests',PropertyValues=['100000002'])",
  "Microsoft.Dynamics.CRM.In(PropertyName='jobtitle',PropertyValues=['CEO','Analyst'])",
  "Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=30)",
  'new_lastwebinardate lt 2024-04-01',
);

const RECORD = fc.record({
  jobtitle: fc.constantFrom(null, '', 'CEO', 'cto', 'Analyst'),
  emailaddress1: fc.constantFrom(null, 'a@example.org', 'b@EXAMPLE.com'),
  new_customertier: fc.constantFrom(null, '100000000', '100000001', '100000003'),
  new_behaviorscore: fc.constantFrom(null, 10, 50, 90),
  new_newsletteroptin: fc.boolean(),
  new_interests: fc.constantFrom(null, '100000000', '100000000;100000002', '100000002'),
  createdon: fc.constantFrom(null, '2024-05-14T08:00:00Z', '2023-01-01T00:00:00Z'),
  new_lastwebinardate: fc.constantFrom(null, '2024-03-01', '2024-04-01'),
});

/** A random boolean expression over the conditions, as a tree that can be printed two ways. */
type Expr = { op: 'leaf'; text: string } | { op: 'not'; operand: Expr } | { op: 'and' | 'or'; left: Expr; right: Expr };

const EXPR: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    CONDITION.map((text): Expr => ({ op: 'leaf', text })),
    tie('expr').map((operand): Expr => ({ op: 'not', operand })),
    fc.tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), tie('expr'), tie('expr')).map(([op, left, right]): Expr => ({ op, left, right })),
  ),
})).expr;

/** Every operand in parentheses: the meaning cannot depend on precedence. */
function printGrouped(e: Expr): string {
  if (e.op === 'leaf') return `(${e.text})`;
  if (e.op === 'not') return `(not ${printGrouped(e.operand)})`;
  return `(${printGrouped(e.left)} ${e.op} ${printGrouped(e.right)})`;
}

const RANK = { or: 1, and: 2, not: 3, leaf: 4 } as const;

/** Parentheses only where OData's precedence (not, then and, then or) needs them. */
function printMinimal(e: Expr): string {
  const operand = (child: Expr, min: number) => (child.op !== 'leaf' && RANK[child.op] < min ? `(${printMinimal(child)})` : printMinimal(child));
  if (e.op === 'leaf') return e.text;
  // not takes a parenthesised condition or a function call.
  if (e.op === 'not') return `not ${e.operand.op === 'leaf' && !e.operand.text.includes('(') ? `(${e.operand.text})` : operand(e.operand, RANK.not)}`;
  // The right operand of the same operator is grouped too, so the printed tree is the tree (a or (b or c)).
  return `${operand(e.left, RANK[e.op])} ${e.op} ${operand(e.right, RANK[e.op] + 1)}`;
}

function matches(text: string, record: Record<string, unknown>): boolean {
  const parsed = parseODataFilter(text, 'contact', CONTACT_FIELDS);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return matchesODataFilter(parsed.filter, record, NOW);
}

describe('the OData filter, on random filters and records', () => {
  it('reads a filter with only the parentheses precedence needs as the fully parenthesised one', () => {
    fc.assert(
      fc.property(EXPR, RECORD, (expr, record) => {
        expect(matches(printMinimal(expr), record)).toBe(matches(printGrouped(expr), record));
      }),
      { numRuns: 2000, seed: 19 },
    );
  });

  it('and/or of two filters match as both/either; De Morgan and double negation hold with empty columns', () => {
    fc.assert(
      fc.property(EXPR, EXPR, RECORD, (a, b, record) => {
        const [x, y] = [printGrouped(a), printGrouped(b)];
        expect(matches(`${x} and ${y}`, record)).toBe(matches(x, record) && matches(y, record));
        expect(matches(`${x} or ${y}`, record)).toBe(matches(x, record) || matches(y, record));
        expect(matches(`not (${x} or ${y})`, record)).toBe(matches(`not ${x} and not ${y}`, record));
        expect(matches(`not (${x} and ${y})`, record)).toBe(matches(`not ${x} or not ${y}`, record));
        expect(matches(`not (not ${x})`, record)).toBe(matches(x, record));
        // Two-valued logic would make these complementary; with empty columns, both can be false.
        if (matches(`not ${x}`, record)) expect(matches(x, record)).toBe(false);
      }),
      { numRuns: 1000, seed: 23 },
    );
  });
});
