import fc from 'fast-check';
import { crmRecordCollectionName } from '../../../domain/models/crm-record';
import { compileSegmentQuery } from '../../../domain/segments/compile';
import { previewSegmentPlan, resolveSegmentFilter } from '../../../domain/segments/execute';
import { DYNAMICS_MODEL } from '../../../domain/crm/dynamics/dynamics-model';
import { SALESFORCE_MODEL } from '../../../domain/crm/salesforce/salesforce-model';
import { SEGMENT_OBJECT_WORDS, segmentSchemaOf } from '../../../domain/segments/segment-schema';
import type { SegmentQuery } from '../../../domain/segments/query';
import { memorySource } from './agreement';
import { segmentQueryArb } from './query-arbitraries';
import { generateOrg } from './random-org';
import { CATALOG, NOW } from './segment-catalog';

const compile = (query: SegmentQuery) => compileSegmentQuery(query, CATALOG, { listId: 'list', connectionId: 'conn', now: NOW });

/** What FerretDB v1 and MongoDB both run the same way; `$stepIds` is the plan's own marker, filled before a query is sent. */
const ALLOWED = new Set(['$and', '$or', '$nor', '$in', '$nin', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$exists', '$regex', '$options', '$stepIds']);

function operatorsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => operatorsIn(v, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('$')) found.add(key);
      operatorsIn(child, found);
    }
  }
  return found;
}

describe('compiled segment plans', () => {
  it('use only operators FerretDB v1 and MongoDB share (no $lookup, $elemMatch, $expr, $where), and are plain JSON', () => {
    fc.assert(
      fc.property(segmentQueryArb, (query) => {
        const plan = compile(query);
        for (const operator of operatorsIn(plan)) expect(ALLOWED).toContain(operator);
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      }),
      { numRuns: 1000 },
    );
  });

  it('scope every CRM step to the connection and the member filter to the list', () => {
    fc.assert(
      fc.property(segmentQueryArb, (query) => {
        const plan = compile(query);
        for (const step of plan.steps) expect(JSON.stringify(step.filter)).toContain('"connectionId":"conn"');
        // A query that can match no one compiles to a filter that matches nothing at all.
        if (JSON.stringify(plan.members.filter) !== '{"_id":{"$in":[]}}') expect(JSON.stringify(plan.members.filter)).toContain('"listId":"list"');
      }),
      { numRuns: 300 },
    );
  });

  it('name the collections the models define, for every CRM model', () => {
    for (const model of [SALESFORCE_MODEL, DYNAMICS_MODEL]) {
      const schema = segmentSchemaOf(model);
      for (const word of SEGMENT_OBJECT_WORDS) expect(schema.collections[word]).toBe(crmRecordCollectionName(schema.objects[word]));
      expect(schema.dealLink.collection).toBe(crmRecordCollectionName(model.dealLink.object));
    }
  });

  it('read the role words from the connection model: a Dynamics opportunity is its own deal link, a marketing-list member names either person kind', () => {
    const dynamics = { ...CATALOG, schema: segmentSchemaOf(DYNAMICS_MODEL) };
    const plan = (query: SegmentQuery) => compileSegmentQuery(query, dynamics, { listId: 'list', connectionId: 'conn', now: NOW });
    const opportunities = plan({ all: [{ related: 'Opportunity', match: 'any', where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }] } }] });
    expect(opportunities.steps).toEqual([
      expect.objectContaining({ kind: 'tally', collection: 'crm_opportunity', people: { Contact: 'fields._parentcontactid_value' }, distinct: 'crmId' }),
    ]);
    const members = plan({ all: [{ related: 'CampaignMember', match: 'any', where: { all: [{ object: 'Campaign', field: 'Name', op: 'equals', value: 'Webinar' }] } }] });
    expect(members.steps).toEqual([
      expect.objectContaining({ kind: 'select', collection: 'crm_list' }),
      expect.objectContaining({ kind: 'tally', collection: 'crm_listmember', people: { Lead: 'fields._entityid_value', Contact: 'fields._entityid_value' } }),
    ]);
    expect(JSON.stringify(members.steps[1])).toContain('fields._listid_value');
  });

  it('a negated condition on a 1:1 object is $nor of the semi-join, so a missing account counts as empty', () => {
    const plan = compile({ all: [{ object: 'Account', field: 'Industry', op: 'not_equals', value: 'Retail' }] });
    expect(plan.steps).toEqual([{ kind: 'select', collection: 'crm_account', filter: { $and: [{ connectionId: 'conn' }, { 'fields.Industry': { $eq: 'Retail' } }] }, collect: 'crmId' }]);
    expect(plan.members.filter).toEqual({ $and: [{ listId: 'list', connectionId: 'conn' }, { $nor: [{ accountId: { $in: { $stepIds: 0 } } }] }] });
  });

  it('a condition used twice is queried once', () => {
    const condition = { object: 'Owner', field: 'Department', op: 'contains', value: 'sales' } as const;
    expect(compile({ any: [condition, { not: condition }] }).steps).toHaveLength(1);
  });

  it('refuses a query that was not validated', () => {
    expect(() => compile({ all: [{ object: 'Member', field: 'Nope', op: 'equals', value: 1 }] })).toThrow('validate the query first');
  });

  it('resolves to a member filter with the ids in place, and previews a count and a sample in one pass', async () => {
    const org = generateOrg(42);
    const source = memorySource(org.collections);
    const plan = compileSegmentQuery({ all: [{ related: 'Opportunity', match: 'any', where: { all: [] } }] }, CATALOG, { listId: org.listId, connectionId: org.connectionId, now: NOW });
    const filter = await resolveSegmentFilter(plan, source);
    expect(JSON.stringify(filter)).not.toContain('$stepIds');
    const queriesBefore = source.queries;
    const preview = await previewSegmentPlan(plan, source, { sampleSize: 3 });
    expect(source.queries - queriesBefore).toBe(plan.steps.length + 1);
    expect(preview.count).toBeGreaterThan(3);
    expect(preview.sample).toHaveLength(3);
  });
});
