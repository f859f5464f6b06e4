/**
 * fast-check arbitraries for VALID segment queries over the test catalog: every object, field kind and
 * operator, values from the pools the random orgs are built from, groups nested up to three levels,
 * related conditions with every quantifier, counts and orNone.
 */
import fc from 'fast-check';
import { resolveField, type FieldKind } from '../../../domain/segments/catalog';
import { OPERATORS_BY_KIND } from '../../../domain/segments/operators';
import type { ConditionValue, PersonConditionObject, RelatedObject, SegmentNode, SegmentOperator, SegmentQuery, WhereNode, WhereObject } from '../../../domain/segments/query';
import { CATALOG, DAYS, EMAIL_QUERIES, INSTANTS_MS, ITEM_QUERIES, ITEMS, NUMBERS, PICKLISTS, TEXT_QUERIES, WITHIN_DAYS } from './segment-catalog';

interface FieldChoice {
  name: string;
  kind: FieldKind;
  /** CRM describe type or marketing type, to pick realistic values (emails for email fields). */
  type: string;
}

function fieldsOf(object: PersonConditionObject | WhereObject): FieldChoice[] {
  if (object === 'Marketing') {
    return [...CATALOG.Marketing, { name: 'engagementScore', type: 'Score' }].map((m) => ({ ...m, kind: kindOf(object, m.name) }));
  }
  const described = object === 'Member' ? [...CATALOG.Lead, ...CATALOG.Contact] : CATALOG[object === 'Owner' ? 'User' : object];
  const names = [...new Set(described.map((d) => d.name))];
  return names.map((name) => ({ name, kind: kindOf(object, name), type: described.find((d) => d.name === name)?.type ?? '' }));
}

function kindOf(object: PersonConditionObject | WhereObject, name: string): FieldKind {
  const lookup = resolveField(CATALOG, object, name);
  if (!lookup.ok) throw new Error(lookup.message);
  return lookup.fields[0].kind;
}

const ID_QUERIES = ['0010', '0011', '001gone', '0050', '0051', '00Gqueue', '00Q0', '0030', '0060', '7010'];

const instantText = fc.tuple(fc.constantFrom(...INSTANTS_MS), fc.constantFrom(0, 2, -5)).map(([ms, offsetHours]) => {
  // The last millisecond of 9999 has no later local time to write it as.
  if (offsetHours === 0 || ms + offsetHours * 3_600_000 > Date.UTC(9999, 11, 31, 23, 59, 59, 999)) return new Date(ms).toISOString();
  // The same instant written in another zone: '…T14:00:00.000+02:00'.
  const local = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, -1);
  const sign = offsetHours > 0 ? '+' : '-';
  return `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
});

function scalarArb(field: FieldChoice, op: SegmentOperator): fc.Arbitrary<string | number | boolean> {
  const textSearch = ['contains', 'not_contains', 'starts_with', 'ends_with'].includes(op);
  switch (field.kind) {
    case 'text':
      return fc.constantFrom(...(field.type === 'email' || field.type === 'Email' ? EMAIL_QUERIES : TEXT_QUERIES));
    case 'picklist':
      return textSearch ? fc.constantFrom(...TEXT_QUERIES, ...PICKLISTS[field.name], 'closed', 'WON') : fc.constantFrom(...PICKLISTS[field.name], 'Other', 'HOT');
    case 'multipicklist':
    case 'multitext':
      return fc.constantFrom(...(textSearch ? ITEM_QUERIES : [...ITEMS, 'b', 'Z']));
    case 'id':
      return fc.constantFrom(...ID_QUERIES);
    case 'number':
      return fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -20, max: 2000 }));
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.constantFrom(...DAYS);
    case 'datetime':
      return fc.oneof(fc.constantFrom(...DAYS), instantText);
  }
}

function valueArb(field: FieldChoice, op: SegmentOperator): fc.Arbitrary<ConditionValue | undefined> {
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
      return fc.constantFrom(undefined, null);
    case 'within_last_days':
      return fc.constantFrom(...WITHIN_DAYS);
    case 'in':
    case 'not_in':
      return fc.array(scalarArb(field, op), { minLength: 1, maxLength: 4 });
    case 'between':
      return fc.tuple(scalarArb(field, op), scalarArb(field, op)).map(([a, b]) => (inOrder(field.kind, a, b) ? [a, b] : [b, a]));
    default:
      return scalarArb(field, op);
  }
}

/** low ≤ high as validation sees it: a datetime day reaches to the end of that day. */
function inOrder(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (kind === 'number') return (a as number) <= (b as number);
  const start = (v: string) => (v.length === 10 ? Date.parse(`${v}T00:00:00Z`) : Date.parse(v));
  const end = (v: string) => (v.length === 10 && kind === 'datetime' ? start(v) + 86_399_999 : start(v));
  return start(a as string) <= end(b as string);
}

function conditionArb<O extends string>(objects: O[], build: (object: O, field: string, op: SegmentOperator, value: ConditionValue | undefined) => object): fc.Arbitrary<object> {
  return fc
    .constantFrom(...objects)
    .chain((object) => fc.constantFrom(...fieldsOf(object as PersonConditionObject | WhereObject)).map((field) => ({ object, field })))
    .chain(({ object, field }) => fc.constantFrom(...OPERATORS_BY_KIND[field.kind]).map((op) => ({ object, field, op })))
    .chain(({ object, field, op }) => valueArb(field, op).map((value) => build(object, field.name, op, value)));
}

function withValue<T extends object>(base: T, value: ConditionValue | undefined): T {
  return value === undefined ? base : { ...base, value };
}

const personCondition = conditionArb<PersonConditionObject>(['Member', 'Marketing', 'Account', 'Owner'], (object, field, op, value) => withValue({ object, field, op }, value));

function whereConditionArb(related: RelatedObject): fc.Arbitrary<WhereNode> {
  // `object` absent reads the related record itself, like naming it.
  const objects: WhereObject[] = related === 'Opportunity' ? ['Opportunity'] : ['CampaignMember', 'Campaign', 'Campaign'];
  return fc
    .tuple(conditionArb(objects, (object, field, op, value) => withValue({ object, field, op }, value)), fc.boolean())
    .map(([condition, omitObject]) => {
      const { object, ...rest } = condition as WhereNode & { object: WhereObject };
      return (omitObject && object === related ? rest : condition) as WhereNode;
    });
}

function groupOf<T>(node: fc.Arbitrary<T>): fc.Arbitrary<{ all: T[] } | { any: T[] } | { not: T }> {
  return fc.oneof(
    { arbitrary: fc.array(node, { maxLength: 4 }).map((all) => ({ all })), weight: 3 },
    { arbitrary: fc.array(node, { maxLength: 4 }).map((any) => ({ any })), weight: 2 },
    { arbitrary: node.map((not) => ({ not })), weight: 1 },
  );
}

function whereArb(related: RelatedObject, depth: number): fc.Arbitrary<{ all: WhereNode[] } | { any: WhereNode[] } | { not: WhereNode }> {
  const leaf = whereConditionArb(related);
  const node: fc.Arbitrary<WhereNode> = depth <= 0 ? leaf : fc.oneof({ arbitrary: leaf, weight: 4 }, { arbitrary: whereArb(related, depth - 1), weight: 1 });
  return groupOf(node);
}

const relatedCondition = fc
  .record({
    related: fc.constantFrom<RelatedObject>('Opportunity', 'CampaignMember'),
    match: fc.constantFrom('any', 'any', 'all', 'none'),
    count: fc.option(fc.record({ op: fc.constantFrom('gte', 'lte', 'eq'), value: fc.integer({ min: 0, max: 4 }) }), { nil: undefined }),
    orNone: fc.option(fc.boolean(), { nil: undefined }),
  })
  .chain((c) =>
    whereArb(c.related, 1).map((where) => {
      const condition: Record<string, unknown> = { related: c.related, match: c.match, where };
      if (c.match === 'any' && c.count) condition.count = c.count;
      if (c.match === 'all' && c.orNone !== undefined) condition.orNone = c.orNone;
      return condition;
    }),
  );

function nodeArb(depth: number): fc.Arbitrary<SegmentNode> {
  const leaves = fc.oneof({ arbitrary: personCondition, weight: 3 }, { arbitrary: relatedCondition, weight: 2 }) as fc.Arbitrary<SegmentNode>;
  return depth <= 0 ? leaves : fc.oneof({ arbitrary: leaves, weight: 3 }, { arbitrary: groupOf(nodeArb(depth - 1)) as fc.Arbitrary<SegmentNode>, weight: 1 });
}

/** A valid query: a group of up to three nested levels. */
export const segmentQueryArb: fc.Arbitrary<SegmentQuery> = groupOf(nodeArb(2));
