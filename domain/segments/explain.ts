/**
 * "Why is this contact (not) in my segment?": the query as a tree, each node with whether it held for
 * one member and, for conditions, the value seen. Built on the reference evaluator's pieces, so
 * explain and the oracle the compiler is tested against cannot disagree.
 */
import { labelStoredValue } from '../crm/picklist-labels';
import type { ResolvedField, SegmentFieldCatalog } from './catalog';
import { isGroupNode, isRelatedCondition, type FieldCondition, type RelatedCondition, type SegmentNode, type SegmentQuery, type WhereNode } from './query';
import { personValue, quantifierHolds, relatedRecordsOf, whereValue } from './reference/evaluate';
import { OrgIndex, valueAtPath, type CrmRecordData, type MemberRecords, type SegmentReferenceData } from './reference/org-data';
import { testValue } from './reference/test-value';

/** Related records listed per related condition; the counts always cover all of them. */
const MAX_LISTED_RECORDS = 50;

export type ExplainedNode =
  | { kind: 'all' | 'any'; path: string; passed: boolean; children: ExplainedNode[] }
  | { kind: 'not'; path: string; passed: boolean; child: ExplainedNode }
  | ExplainedCondition
  | ExplainedRelated;

export interface ExplainedCondition {
  kind: 'condition';
  path: string;
  passed: boolean;
  object: string;
  field: string;
  op: string;
  value?: unknown;
  /** The stored value the operator saw (null when the field or its record is absent). */
  seen: unknown;
  /** `value` and `seen` in words where the CRM stores choices as codes ("Gold" for "100000002"). */
  valueLabel?: string;
  seenLabel?: string;
  /** Why the value was empty when that is not obvious: no account, field only on Contacts, … */
  note?: string;
}

export interface ExplainedRelated {
  kind: 'related';
  path: string;
  passed: boolean;
  related: string;
  match: string;
  count?: { op: string; value: number };
  orNone?: boolean;
  relatedRecords: number;
  passingRecords: number;
  records: { crmId: string; passed: boolean; where: ExplainedNode }[];
  recordsNotListed: number;
}

export interface SegmentExplanation {
  crmId: string;
  type: 'Lead' | 'Contact';
  passed: boolean;
  tree: ExplainedNode;
}

/**
 * Explains the segment for the member `crmId` of `data.members` (undefined when it is not a member).
 * `data` may hold only that member's records: its own, account, owner, roles, opportunities,
 * campaign memberships and campaigns.
 */
export function explainSegmentMembership(
  query: SegmentQuery,
  catalog: SegmentFieldCatalog,
  data: SegmentReferenceData,
  crmId: string,
  options: { now: Date },
): SegmentExplanation | undefined {
  const member = data.members.find((m) => m.crmId === crmId);
  if (!member) return undefined;
  const records = new OrgIndex(data, catalog.schema).recordsOf(member);
  const tree = explainNode(query, '$', records, catalog, options.now);
  return { crmId, type: member.type, passed: tree.passed, tree };
}

function explainNode(node: SegmentNode, path: string, records: MemberRecords, catalog: SegmentFieldCatalog, now: Date): ExplainedNode {
  if (isGroupNode(node)) {
    if ('not' in node) {
      const child = explainNode(node.not, `${path}.not`, records, catalog, now);
      return { kind: 'not', path, passed: !child.passed, child };
    }
    const kind = 'all' in node ? 'all' : 'any';
    const list = 'all' in node ? node.all : node.any;
    const children = list.map((child, i) => explainNode(child, `${path}.${kind}[${i}]`, records, catalog, now));
    return { kind, path, passed: kind === 'all' ? children.every((c) => c.passed) : children.some((c) => c.passed), children };
  }
  if (isRelatedCondition(node)) return explainRelated(node, path, records, catalog, now);
  return explainPersonCondition(node, path, records, catalog, now);
}

function explainPersonCondition(condition: FieldCondition, path: string, records: MemberRecords, catalog: SegmentFieldCatalog, now: Date): ExplainedCondition {
  const { field, stored, record } = personValue(condition, records, catalog);
  const explained: ExplainedCondition = {
    kind: 'condition',
    path,
    passed: testValue(field, condition.op, condition.value, stored, now),
    object: condition.object,
    field: condition.field,
    op: condition.op,
    seen: stored === undefined ? null : stored,
  };
  if (condition.value !== undefined) explained.value = condition.value;
  labelChoices(explained, field, catalog);
  const note = emptyNote(condition, records, record, field.object);
  if (note) explained.note = note;
  return explained;
}

/** Adds the labels of a choice field's codes, read from the catalog the query was resolved against. */
function labelChoices(explained: ExplainedCondition, field: ResolvedField, catalog: SegmentFieldCatalog): void {
  if (field.kind !== 'picklist' && field.kind !== 'multipicklist') return;
  if (field.object === 'Marketing') return;
  const labels = catalog[field.object].find((f) => f.name === field.name)?.picklistLabels;
  const valueLabel = labelStoredValue(labels, explained.value);
  const seenLabel = labelStoredValue(labels, explained.seen);
  if (valueLabel !== undefined) explained.valueLabel = valueLabel;
  if (seenLabel !== undefined) explained.seenLabel = seenLabel;
}

function emptyNote(condition: FieldCondition, records: MemberRecords, record: CrmRecordData | undefined, fieldObject: string): string | undefined {
  const { member } = records;
  switch (condition.object) {
    case 'Member':
      if (fieldObject !== member.type) return `${member.type}s have no field ${condition.field}`;
      return record ? undefined : `the member's ${member.type} record is not in the synced CRM data`;
    case 'Account':
      if (member.accountId === null) return member.type === 'Lead' ? 'a Lead has no account' : 'the member has no account';
      return record ? undefined : `account ${member.accountId} is not in the synced CRM data`;
    case 'Owner':
      if (member.ownerId === null) return 'the member has no owner';
      return record ? undefined : `owner ${member.ownerId} is not a synced User (it may be a queue)`;
    default:
      return undefined;
  }
}

function explainRelated(condition: RelatedCondition, path: string, records: MemberRecords, catalog: SegmentFieldCatalog, now: Date): ExplainedRelated {
  const related = relatedRecordsOf(condition, records);
  const explainedRecords = related.map((r) => {
    const where = explainWhere(condition.where, `${path}.where`, condition, r, catalog, now);
    return { crmId: r.record.crmId, passed: where.passed, where };
  });
  const passing = explainedRecords.filter((r) => r.passed).length;
  const explained: ExplainedRelated = {
    kind: 'related',
    path,
    passed: quantifierHolds(condition, related.length, passing),
    related: condition.related,
    match: condition.match,
    relatedRecords: related.length,
    passingRecords: passing,
    // Passing records first: they are usually the answer to "why is this contact in".
    records: [...explainedRecords.filter((r) => r.passed), ...explainedRecords.filter((r) => !r.passed)].slice(0, MAX_LISTED_RECORDS),
    recordsNotListed: Math.max(0, explainedRecords.length - MAX_LISTED_RECORDS),
  };
  if (condition.count) explained.count = { ...condition.count };
  if (condition.orNone !== undefined) explained.orNone = condition.orNone;
  return explained;
}

function explainWhere(
  node: WhereNode,
  path: string,
  condition: RelatedCondition,
  related: { record: CrmRecordData; campaign?: CrmRecordData },
  catalog: SegmentFieldCatalog,
  now: Date,
): ExplainedNode {
  if ('not' in node) {
    const child = explainWhere(node.not, `${path}.not`, condition, related, catalog, now);
    return { kind: 'not', path, passed: !child.passed, child };
  }
  if ('all' in node || 'any' in node) {
    const kind = 'all' in node ? 'all' : 'any';
    const list = 'all' in node ? node.all : node.any;
    const children = list.map((child, i) => explainWhere(child, `${path}.${kind}[${i}]`, condition, related, catalog, now));
    return { kind, path, passed: kind === 'all' ? children.every((c) => c.passed) : children.some((c) => c.passed), children };
  }
  const { field, stored } = whereValue(node, condition, related, catalog);
  const object = node.object ?? condition.related;
  const explained: ExplainedCondition = {
    kind: 'condition',
    path,
    passed: testValue(field, node.op, node.value, stored, now),
    object,
    field: node.field,
    op: node.op,
    seen: stored === undefined ? null : stored,
  };
  if (node.value !== undefined) explained.value = node.value;
  labelChoices(explained, field, catalog);
  if (object === 'Campaign' && !related.campaign) explained.note = `${catalog.schema.labels.Campaign.toLowerCase()} ${String(valueAtPath(related.record, catalog.schema.membership.campaign) ?? '(none)')} is not in the synced CRM data`;
  return explained;
}
