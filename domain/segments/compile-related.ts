/**
 * Related (1:many) conditions. All of `where` compiles into ONE filter on the related collection, so
 * every condition in it holds on the same record; a Campaign condition inside a CampaignMember's
 * where is a semi-join on the campaign collection through the membership's campaign field. The
 * collections and link fields come from the catalog's segment schema (the connection's CRM model).
 *
 * A tally step then counts, per person, the related records that pass (Opportunity: distinct deals
 * of the deal links naming passing deals, or the deals themselves when a deal is its own link;
 * CampaignMember: the records themselves).
 * A tally only sees people with at least one passing record, so each quantifier is written with
 * "has one" sets and their complements:
 *   any              = in  people(where, ≥ 1)
 *   none             = not in people(where, ≥ 1)
 *   all              = in people(true, ≥ 1) and not in people(not where, ≥ 1)
 *   all + orNone     = not in people(not where, ≥ 1)
 *   any + count c    = in people(where, c)            when 0 does not pass c
 *                    = not in people(where, not c)     when 0 passes c (eq 0, lte n, gte 0)
 */
import { compileAtom } from './compile-condition';
import { resolveValidated, type CompileContext } from './compile-context';
import { allOf, anyOf, noneOf, type Compiled } from './filters';
import { idsOf } from './plan-builder';
import { passesCount, type CountTest, type PersonType } from './plan';
import { isGroupNode, type RelatedCondition, type RelatedObject, type WhereNode } from './query';

const NEGATED_COUNT: Record<CountTest['op'], CountTest['op']> = { gte: 'lt', gt: 'lte', lte: 'gt', lt: 'gte', eq: 'ne', ne: 'eq' };
const HAS_ONE: CountTest = { op: 'gte', value: 1 };

export function compileRelatedCondition(condition: RelatedCondition, context: CompileContext): Compiled {
  const where = compileWhere(condition.where, condition.related, context);
  const people = (filter: Compiled, keep: CountTest) => peopleWith(condition.related, filter, keep, context);
  switch (condition.match) {
    case 'none':
      return noneOf(people(where, HAS_ONE));
    case 'all': {
      const noneFailing = noneOf(people(noneOf(where), HAS_ONE));
      return condition.orNone ? noneFailing : allOf([people(true, HAS_ONE), noneFailing]);
    }
    case 'any': {
      if (!condition.count) return people(where, HAS_ONE);
      const test: CountTest = { op: condition.count.op, value: condition.count.value };
      if (!passesCount(0, test)) return people(where, test);
      return noneOf(people(where, { op: NEGATED_COUNT[test.op], value: test.value }));
    }
  }
}

/** Members that have related records passing `filter`, counted and kept by `keep`. */
function peopleWith(related: RelatedObject, filter: Compiled, keep: CountTest, context: CompileContext): Compiled {
  const { builder } = context;
  const { collections, dealLink, membership } = context.catalog.schema;
  let step: number | undefined;
  let types: PersonType[];
  if (related === 'Opportunity') {
    types = Object.keys(dealLink.people) as PersonType[];
    if (dealLink.collection === collections.Opportunity) {
      // The deal is its own link (a Dataverse opportunity names its contact): count the deals themselves.
      step = builder.tally(collections.Opportunity, filter, dealLink.people, 'crmId', keep);
    } else {
      const opportunities = builder.select(collections.Opportunity, filter);
      step = opportunities === undefined ? undefined : builder.tally(dealLink.collection, { [dealLink.deal]: { $in: idsOf(opportunities) } }, dealLink.people, dealLink.deal, keep);
    }
  } else {
    types = Object.keys(membership.people) as PersonType[];
    step = builder.tally(collections.CampaignMember, filter, membership.people, 'crmId', keep);
  }
  if (step === undefined) return false;
  const found = step;
  return anyOf(types.map((type) => ({ type, crmId: { $in: idsOf(found, type) } })));
}

/** A where group as a filter on the related record's own collection. */
function compileWhere(node: WhereNode, related: RelatedObject, context: CompileContext): Compiled {
  if (isGroupNode(node)) {
    if ('all' in node) return allOf(node.all.map((child) => compileWhere(child, related, context)));
    if ('any' in node) return anyOf(node.any.map((child) => compileWhere(child, related, context)));
    return noneOf(compileWhere(node.not, related, context));
  }
  const object = node.object ?? related;
  const [field] = resolveValidated(context.catalog, object, node.field);
  const atom = compileAtom(field, `fields.${field.name}`, node.op, node.value, context.builder.now);
  let positive = atom.filter;
  if (object === 'Campaign') {
    const { collections, membership } = context.catalog.schema;
    const campaigns = context.builder.select(collections.Campaign, atom.filter);
    positive = campaigns === undefined ? false : { [membership.campaign]: { $in: idsOf(campaigns) } };
  }
  return atom.negated ? noneOf(positive) : positive;
}
