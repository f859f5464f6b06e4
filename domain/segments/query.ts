/**
 * The segment query language: a saved query over one list's members, stored as the JSON below.
 *
 * A query is a group, `{ all: [...] }`, `{ any: [...] }` or `{ not: node }`, nested freely. A node is a
 * group, a field condition `{ object, field, op, value }` on the member or a 1:1 object, or a related
 * condition `{ related, match, count?, orNone?, where }` on a 1:many object.
 *
 * SEMANTICS — what a query means, decided once here; the compiler (compile-*.ts) and the reference
 * evaluator (reference/*.ts) implement this text independently and property tests hold them equal.
 *
 * Records a condition reads
 * - `Member`: the member's own CRM record, the Lead or the Contact by `member.type`. A field that only
 *   one of the two objects has is an empty value on members of the other type.
 * - `Marketing`: the member's mapped marketing values (already coerced) and `behaviorScore`.
 * - `Account`: the record `member.accountId` names; `Owner`: the User `member.ownerId` names.
 * - Whenever that record does not exist (a Lead has no account, an owner that is a queue, a record
 *   not synced yet) the condition is evaluated on an EMPTY record: every field is empty, so
 *   `is_empty` is true, `equals`/`contains`/`gt`/… are false and their negations are true.
 * - `Opportunity`: the distinct opportunities linked to a Contact member through the deal links
 *   (a Salesforce contact role names a contact and an opportunity); links naming a missing
 *   opportunity are ignored, several links to one opportunity count it once. Leads have no opportunities.
 * - `CampaignMember`: membership records whose person field names the member (a Salesforce campaign
 *   member's LeadId for Lead members, ContactId for Contact members). Inside its `where`,
 *   `"object": "Campaign"` reads the campaign the membership names (an empty record when it is missing).
 *
 * Object words are ROLE names, the same for every CRM, so a saved segment never changes: `Lead` and
 * `Contact` are the connection's person kinds, `Account` its account, `Owner` its user (`User` in the
 * catalog), `Opportunity` the CRM model's deal, `CampaignMember` its membership (a Salesforce campaign
 * member, a Dynamics marketing-list member) and `Campaign` its campaign object (a campaign, a marketing
 * list). segment-schema.ts resolves them through the connection's CRM model.
 *
 * Empty values: missing, null, '' and an empty list are empty, and so is a value whose JavaScript
 * type is not the field's (a number in a text field), which the sync never writes.
 *
 * Negations: `not_equals`, `not_contains`, `not_in` and `is_empty` are exactly `not` of `equals`,
 * `contains`, `in` and `is_not_empty`, so they are TRUE on an empty value ("industry is not Retail"
 * includes members with no industry). Add `is_not_empty` to exclude those. Every other operator is
 * false on an empty value.
 *
 * Operators by field kind (catalog.ts maps CRM and marketing types to kinds)
 * - text (string, textarea, email, phone, url, combobox; Text, Email): every text operator is
 *   case-insensitive: equals, contains, starts_with, ends_with, in, and their negations.
 * - picklist: equals and in compare exactly as the CRM stores the value (the builder offers the
 *   describe's values); contains/starts_with/ends_with are the case-insensitive free-text search.
 * - multipicklist ('A;B;C') and MultiText (['A','B','C']), each item as stored: equals X = one item is
 *   exactly X, in [X,Y] = one item is one of them; contains/starts_with/ends_with = one item
 *   contains/starts/ends with the text, case-insensitively. Values may not contain ';'.
 * - id and reference: equals and in, exact (Salesforce ids are case-sensitive).
 * - number (double, currency, int, percent, long; Number, Score): numeric comparison; between is
 *   inclusive at both ends.
 * - boolean: equals true/false (JSON booleans; CRMs' 0/1 and 'TRUE' are coerced before storage).
 * - date ('YYYY-MM-DD'): compared as calendar days; values are 'YYYY-MM-DD'. gt = after, lt = before.
 * - datetime: a value may be a day 'YYYY-MM-DD' (meaning that whole UTC day: equals = during the day,
 *   after = from the next day on, before = before the day starts, lte = up to the end of the day) or
 *   an instant with a zone ('2024-05-01T10:00:00Z'), compared to the millisecond.
 * - within_last_days N (a positive integer), relative to the `now` the caller passes: a datetime in
 *   [now − N×24 h, now]; a date in [today − N days, today], today being now's UTC day. Future values
 *   are not within the last N days.
 *
 * Groups: `all` is true when every child is (an empty `all` is true: every member), `any` when one
 * is (an empty `any` is false), `not` negates its node.
 *
 * Related conditions: `where` is a group of conditions ALL tested on the same related record.
 * - `match: "any"`: at least one related record satisfies `where`.
 * - `match: "none"`: no related record does (true for a member with no related records).
 * - `match: "all"`: the member has at least one related record and every one satisfies `where`. A
 *   member with no related records is NOT matched unless the condition says `"orNone": true`.
 * - `count: { op, value }` (only with `match: "any"`): c = the number of related records that satisfy
 *   `where`, compared with value by gte/lte/eq. Members with no related records have c = 0, so
 *   `eq 0` and `lte n` include them.
 */

export const PERSON_CONDITION_OBJECTS = ['Member', 'Marketing', 'Account', 'Owner'] as const;
export type PersonConditionObject = (typeof PERSON_CONDITION_OBJECTS)[number];

export const RELATED_OBJECTS = ['Opportunity', 'CampaignMember'] as const;
export type RelatedObject = (typeof RELATED_OBJECTS)[number];

/** What `object` may name inside a related condition's `where` (absent means the related object itself). */
export const WHERE_OBJECTS: Record<RelatedObject, readonly string[]> = {
  Opportunity: ['Opportunity'],
  CampaignMember: ['CampaignMember', 'Campaign'],
};
export type WhereObject = 'Opportunity' | 'CampaignMember' | 'Campaign';

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'is_empty',
  'is_not_empty',
  'in',
  'not_in',
  'before',
  'after',
  'within_last_days',
] as const;
export type SegmentOperator = (typeof OPERATORS)[number];

export const MATCHES = ['any', 'all', 'none'] as const;
export type RelatedMatch = (typeof MATCHES)[number];

export const COUNT_OPS = ['gte', 'lte', 'eq'] as const;
export type CountOp = (typeof COUNT_OPS)[number];

export type ScalarValue = string | number | boolean;
/** between takes [low, high]; in/not_in a list; is_empty/is_not_empty nothing (absent or null). */
export type ConditionValue = ScalarValue | ScalarValue[] | null;

export interface FieldCondition {
  object: PersonConditionObject;
  field: string;
  op: SegmentOperator;
  value?: ConditionValue;
}

/** A condition inside `where`: `object` is absent (the related object) or names a WHERE_OBJECTS entry. */
export interface WhereCondition {
  object?: WhereObject;
  field: string;
  op: SegmentOperator;
  value?: ConditionValue;
}

export type WhereNode = { all: WhereNode[] } | { any: WhereNode[] } | { not: WhereNode } | WhereCondition;
export type WhereGroup = { all: WhereNode[] } | { any: WhereNode[] } | { not: WhereNode };

export interface RelatedCondition {
  related: RelatedObject;
  match: RelatedMatch;
  count?: { op: CountOp; value: number };
  /** Only with match "all": also true for a member with no related records. */
  orNone?: boolean;
  where: WhereGroup;
}

export type SegmentGroup = { all: SegmentNode[] } | { any: SegmentNode[] } | { not: SegmentNode };
export type SegmentNode = SegmentGroup | FieldCondition | RelatedCondition;
export type SegmentQuery = SegmentGroup;

/** Bounds that keep a hostile or runaway query from costing more than a page of validation. */
export const QUERY_LIMITS = {
  /** Groups inside groups (a related condition's where counts as one level). */
  maxDepth: 10,
  /** Groups and conditions in the whole query. */
  maxNodes: 500,
  /** Values in one in/not_in list. */
  maxListValues: 1000,
  maxTextLength: 1000,
  maxCount: 1_000_000,
  maxWithinDays: 36_500,
  /** Problems reported before the list is cut short. */
  maxProblems: 200,
} as const;

/**
 * The behavioural score computed from engagement events (member.behaviorScore), as segments name it.
 * It is not 'behaviorScore': a mapping may already call a CRM Score field that (the demo mapping
 * does), and a mapped field must keep meaning the CRM's value.
 */
export const BEHAVIOR_SCORE_FIELD = 'engagementScore';

export function isGroupNode(node: SegmentNode | WhereNode): node is SegmentGroup | WhereGroup {
  return 'all' in node || 'any' in node || 'not' in node;
}

export function isRelatedCondition(node: SegmentNode): node is RelatedCondition {
  return 'related' in node;
}
