/**
 * The reference evaluator: the segment's members found by looping over records, one member at a
 * time, exactly as query.ts describes. Slow and obvious on purpose; tests use it as the oracle for
 * the compiled plan, and explain uses its pieces.
 */
import { resolveField, type ResolvedField, type SegmentFieldCatalog } from '../catalog';
import { BEHAVIOR_SCORE_FIELD, isGroupNode, isRelatedCondition, type FieldCondition, type RelatedCondition, type SegmentNode, type SegmentQuery, type WhereCondition, type WhereNode } from '../query';
import { fieldOf, OrgIndex, type CampaignMembership, type CrmRecordData, type MemberRecords, type SegmentReferenceData } from './org-data';
import { testValue } from './test-value';

export interface ReferenceOptions {
  now: Date;
}

export function evaluateSegmentReference(query: SegmentQuery, catalog: SegmentFieldCatalog, data: SegmentReferenceData, options: ReferenceOptions): Set<string> {
  const index = new OrgIndex(data, catalog.schema);
  const found = new Set<string>();
  for (const member of data.members) {
    if (memberSatisfies(query, index.recordsOf(member), catalog, options.now)) found.add(member.crmId);
  }
  return found;
}

export function memberSatisfies(node: SegmentNode, records: MemberRecords, catalog: SegmentFieldCatalog, now: Date): boolean {
  if (isGroupNode(node)) {
    if ('all' in node) return node.all.every((child) => memberSatisfies(child, records, catalog, now));
    if ('any' in node) return node.any.some((child) => memberSatisfies(child, records, catalog, now));
    return !memberSatisfies(node.not, records, catalog, now);
  }
  if (isRelatedCondition(node)) return relatedSatisfied(node, records, catalog, now);
  const { field, stored } = personValue(node, records, catalog);
  return testValue(field, node.op, node.value, stored, now);
}

/**
 * The field and value a person condition reads. A Member field the member's own object lacks, and
 * any field of a missing record, reads as undefined: the empty record.
 */
export function personValue(condition: FieldCondition, records: MemberRecords, catalog: SegmentFieldCatalog): { field: ResolvedField; stored: unknown; record: CrmRecordData | undefined } {
  const fields = resolved(catalog, condition.object, condition.field);
  const { member } = records;
  switch (condition.object) {
    case 'Marketing': {
      const stored = condition.field === BEHAVIOR_SCORE_FIELD ? member.behaviorScore : ownValue(member.values, condition.field);
      return { field: fields[0], stored, record: undefined };
    }
    case 'Member': {
      const own = fields.find((f) => f.object === member.type);
      // Any of the fields gives the kind; with no field on this object every operator sees an empty value.
      return { field: own ?? fields[0], stored: own ? fieldOf(records.record, own.name) : undefined, record: records.record };
    }
    case 'Account':
      return { field: fields[0], stored: fieldOf(records.account, fields[0].name), record: records.account };
    case 'Owner':
      return { field: fields[0], stored: fieldOf(records.owner, fields[0].name), record: records.owner };
  }
}

/** The related records a related condition quantifies over. */
export function relatedRecordsOf(condition: RelatedCondition, records: MemberRecords): { record: CrmRecordData; campaign?: CrmRecordData }[] {
  if (condition.related === 'Opportunity') return records.opportunities.map((record) => ({ record }));
  return records.campaignMemberships.map((m: CampaignMembership) => ({ record: m.record, campaign: m.campaign }));
}

function relatedSatisfied(condition: RelatedCondition, records: MemberRecords, catalog: SegmentFieldCatalog, now: Date): boolean {
  const related = relatedRecordsOf(condition, records);
  const passing = related.filter((r) => whereSatisfied(condition.where, condition, r, catalog, now)).length;
  return quantifierHolds(condition, related.length, passing);
}

/** The quantifier of query.ts on `total` related records of which `passing` satisfy where. */
export function quantifierHolds(condition: RelatedCondition, total: number, passing: number): boolean {
  switch (condition.match) {
    case 'none':
      return passing === 0;
    case 'all':
      return total === 0 ? condition.orNone === true : passing === total;
    case 'any': {
      if (!condition.count) return passing > 0;
      const n = condition.count.value;
      return condition.count.op === 'gte' ? passing >= n : condition.count.op === 'lte' ? passing <= n : passing === n;
    }
  }
}

export function whereSatisfied(node: WhereNode, condition: RelatedCondition, related: { record: CrmRecordData; campaign?: CrmRecordData }, catalog: SegmentFieldCatalog, now: Date): boolean {
  if ('all' in node) return node.all.every((child) => whereSatisfied(child, condition, related, catalog, now));
  if ('any' in node) return node.any.some((child) => whereSatisfied(child, condition, related, catalog, now));
  if ('not' in node) return !whereSatisfied(node.not, condition, related, catalog, now);
  const { field, stored } = whereValue(node, condition, related, catalog);
  return testValue(field, node.op, node.value, stored, now);
}

export function whereValue(node: WhereCondition, condition: RelatedCondition, related: { record: CrmRecordData; campaign?: CrmRecordData }, catalog: SegmentFieldCatalog): { field: ResolvedField; stored: unknown } {
  const object = node.object ?? condition.related;
  const [field] = resolved(catalog, object, node.field);
  const record = object === 'Campaign' ? related.campaign : related.record;
  return { field, stored: fieldOf(record, field.name) };
}

function resolved(catalog: SegmentFieldCatalog, object: Parameters<typeof resolveField>[1], name: string): ResolvedField[] {
  const lookup = resolveField(catalog, object, name);
  if (!lookup.ok) throw new Error(`segment reference: validate the query first (${lookup.message})`);
  return lookup.fields;
}

function ownValue(values: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
}
