import fc from 'fast-check';
import { compileSegmentQuery } from '../../../domain/segments/compile';
import { QUERY_LIMITS } from '../../../domain/segments/query';
import { evaluateSegmentReference } from '../../../domain/segments/reference/evaluate';
import { validateSegmentQuery } from '../../../domain/segments/validate';
import { segmentQueryArb } from './query-arbitraries';
import { generateOrg } from './random-org';
import { CATALOG, NOW } from './segment-catalog';

const RUNS = 2000;
const org = generateOrg(7);

/** Whatever the body, the answer is a result, never an exception; and an accepted query compiles and evaluates. */
function checkAnyBody(body: unknown): void {
  const result = validateSegmentQuery(body, CATALOG);
  if (result.ok) {
    compileSegmentQuery(result.query, CATALOG, { listId: org.listId, connectionId: org.connectionId, now: NOW });
    evaluateSegmentReference(result.query, CATALOG, org.reference, { now: NOW });
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  // The catch-all inside validation is a last resort; no input should need it.
  expect(result.problems.map((p) => p.message)).not.toContain('the query could not be read');
  expect(result.problems.length).toBeLessThanOrEqual(QUERY_LIMITS.maxProblems + 1);
  for (const problem of result.problems) {
    expect(problem.path).toMatch(/^\$/);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A valid query with one spot spoiled: a value replaced, a key dropped or a key added. */
function spoil(query: Json, choice: number, replacement: Json, kind: number): Json {
  const spots: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach((child, i) => (spots.push({ parent: node, key: i }), walk(child)));
    else if (node !== null && typeof node === 'object') Object.entries(node).forEach(([key, child]) => (spots.push({ parent: node, key }), walk(child)));
  };
  const copy = JSON.parse(JSON.stringify(query)) as Json;
  walk(copy);
  if (spots.length === 0) return replacement;
  const { parent, key } = spots[choice % spots.length];
  if (Array.isArray(parent)) parent[key as number] = replacement;
  else if (kind === 0) delete parent[key];
  else if (kind === 1) parent[`${String(key)}_extra`] = replacement;
  else parent[key] = replacement;
  return copy;
}

const fieldishJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('Member', 'Account', 'Campaign', 'equals', 'between', 'in', 'all', 'any', 'not', 'StageName', 'Amount', '', [], {}, [1, 2], ['a'], 0, -1, 1e309 as unknown as Json, 'x;y'),
);

describe('validateSegmentQuery properties', () => {
  it('never throws on random values, and every problem has a path and a message', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }), checkAnyBody), { numRuns: RUNS });
  });

  it('never throws on random JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), checkAnyBody), { numRuns: RUNS });
  });

  it('never throws on valid queries with one spot spoiled; what it still accepts compiles and evaluates', () => {
    fc.assert(
      fc.property(segmentQueryArb, fc.nat(), fieldishJson, fc.nat(2), (query, choice, replacement, kind) => checkAnyBody(spoil(query as unknown as Json, choice, replacement, kind))),
      { numRuns: RUNS },
    );
  });

  it('accepts every query the generator builds, and the same query after a JSON round trip', () => {
    fc.assert(
      fc.property(segmentQueryArb, (query) => {
        expect(validateSegmentQuery(query, CATALOG)).toEqual({ ok: true, query });
        expect(validateSegmentQuery(JSON.parse(JSON.stringify(query)), CATALOG).ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
