import fc from 'fast-check';
import { COUNT_OPS, MATCHES, OPERATORS, PERSON_CONDITION_OBJECTS, RELATED_OBJECTS } from '../../../../domain/segments/query';

/** Fields that exist (per object) and some that do not, so both the happy and the refusing paths run. */
const PERSON_FIELDS: Record<string, string[]> = {
  Member: ['LastName', 'FirstName', 'Email', 'CreatedDate', 'Behavior_Score__c', 'HasOptedOutOfEmail'],
  Marketing: ['newsletterOptIn', 'behaviorScore', 'email', 'engagementScore'],
  Account: ['Industry', 'Name', 'AnnualRevenue', 'NumberOfEmployees'],
  Owner: ['Name', 'Email', 'IsActive'],
};
const WHERE_FIELDS: Record<string, { object?: string; field: string }[]> = {
  Opportunity: [{ field: 'StageName' }, { field: 'Amount' }, { field: 'CloseDate' }, { field: 'IsWon' }, { object: 'Opportunity', field: 'Probability' }],
  CampaignMember: [{ field: 'Status' }, { field: 'HasResponded' }, { object: 'Campaign', field: 'Type' }, { object: 'Campaign', field: 'IsActive' }],
};
const NOT_FIELDS = ['Nope__c', '', '$where', 'a.b', '__proto__', 'constructor', 'x'.repeat(500)];

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Closed Won', 'Webinar', '2024-06-30', '2024-13-45', 'yesterday', '.*(', '^$', '\\', '{"$ne":null}', '1e309'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e21, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
);
/** Values of every shape the operators take, and shapes they do not. */
const conditionValue = fc.oneof(
  scalar,
  fc.constant(null),
  fc.array(scalar, { maxLength: 4 }),
  fc.tuple(scalar, scalar),
  fc.dictionary(fc.constantFrom('$gt', '$ne', 'value'), scalar, { maxKeys: 2 }),
  fc.constant(undefined),
);
const op = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...OPERATORS) }, { weight: 1, arbitrary: fc.constantFrom('eq', '$eq', '', 'EQUALS', 'regex') });

const withMaybe = (base: Record<string, unknown>, value: unknown) => (value === undefined ? base : { ...base, value });

const personCondition = fc
  .tuple(fc.constantFrom(...PERSON_CONDITION_OBJECTS, 'Planet', 'Opportunity'), fc.nat(), fc.option(fc.constantFrom(...NOT_FIELDS), { freq: 6 }), op, conditionValue)
  .map(([object, n, bad, operator, value]) => {
    const fields = PERSON_FIELDS[object] ?? ['Name'];
    return withMaybe({ object, field: bad ?? fields[n % fields.length], op: operator }, value);
  });

const whereCondition = (related: string) =>
  fc.tuple(fc.nat(), fc.option(fc.constantFrom(...NOT_FIELDS, 'Account'), { freq: 6 }), op, conditionValue).map(([n, bad, operator, value]) => {
    const choice = WHERE_FIELDS[related]?.[n % WHERE_FIELDS[related].length] ?? { field: 'Name' };
    return withMaybe({ ...(choice.object ? { object: choice.object } : {}), field: bad ?? choice.field, op: operator }, value);
  });

function group<T>(node: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.array(node, { maxLength: 3 }).map((all) => ({ all })),
    fc.array(node, { maxLength: 3 }).map((any) => ({ any })),
    node.map((not) => ({ not })),
  );
}

const relatedCondition = fc
  .tuple(fc.constantFrom(...RELATED_OBJECTS, 'Lead', 'Task'), fc.constantFrom(...MATCHES, 'some'), fc.option(fc.record({ op: fc.constantFrom(...COUNT_OPS, 'gt'), value: fc.oneof(fc.nat(5), fc.integer(), fc.string({ maxLength: 3 })) })), fc.option(fc.boolean()))
  .chain(([related, match, count, orNone]) =>
    group(whereCondition(related)).map((where) => ({ related, match, where, ...(count ? { count } : {}), ...(orNone === null ? {} : { orNone }) })),
  );

/** Queries shaped like the language: groups of person and related conditions, a few levels deep, right and wrong in places. */
export const plausibleQuery: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown; group: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, personCondition, relatedCondition, tie('group')),
  group: fc.oneof(
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).group;

function nest(depth: number): unknown {
  let query: unknown = { object: 'Member', field: 'LastName', op: 'is_empty' };
  for (let i = 0; i < depth; i++) query = i % 2 ? { not: query } : { all: [query] };
  return query;
}

/** Things that are not queries at all, and queries at sizes nobody types. */
export const garbageQuery: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    nest(300),
    { any: Array.from({ length: 3000 }, (_, i) => ({ object: 'Member', field: 'Email', op: 'equals', value: `p${i}@example.com` })) },
    { all: [], any: [] },
    { all: {} },
    { not: [] },
    { related: 'Opportunity', match: 'any' },
    { object: 'Member', field: 'LastName', op: 'in', value: Array.from({ length: 20_000 }, (_, i) => `n${i}`) },
    { object: 'Member', field: 'LastName', op: 'contains', value: 'x'.repeat(100_000) },
    { __proto__: { polluted: true }, all: [] },
  ),
);

export const fuzzQuery: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: plausibleQuery }, { weight: 1, arbitrary: garbageQuery });
