/**
 * Compiles a validated segment query into a SegmentPlan (plan.ts) with the semantics of query.ts.
 *
 * Marketing conditions are filters on list_members itself (`values.*`, `behaviorScore`). A condition on
 * the member's CRM record, its account or its owner is a semi-join: a query on that object's
 * collection finds the records satisfying the condition's POSITIVE form, and the member filter is
 * `crmId`/`accountId`/`ownerId` `$in` those ids. A negated operator becomes `$nor` of that, which is
 * also true when the record does not exist — the "empty record" rule, with no special case.
 */
import type { SegmentFieldCatalog } from './catalog';
import { resolveValidated, type CompileContext } from './compile-context';
import { compileAtom } from './compile-condition';
import { compileRelatedCondition } from './compile-related';
import { allOf, anyOf, noneOf, toFilter, type Compiled } from './filters';
import { isNegatedOperator } from './operators';
import { idsOf, PlanBuilder } from './plan-builder';
import type { SegmentPlan } from './plan';
import { BEHAVIOR_SCORE_FIELD, isGroupNode, isRelatedCondition, type FieldCondition, type SegmentNode, type SegmentQuery } from './query';

export interface CompileSegmentOptions {
  listId: string;
  connectionId: string;
  /** The instant within_last_days counts back from; passed in so a refresh is reproducible. */
  now: Date;
}

/** Compiles a query that validateSegmentQuery accepted; anything else is a programming error and throws. */
export function compileSegmentQuery(query: SegmentQuery, catalog: SegmentFieldCatalog, options: CompileSegmentOptions): SegmentPlan {
  const context: CompileContext = { catalog, builder: new PlanBuilder(options.connectionId, options.now) };
  const condition = compileNode(query, context);
  const filter = toFilter(allOf([{ listId: options.listId, connectionId: options.connectionId }, condition]));
  return { steps: context.builder.steps, members: { collection: catalog.schema.collections.members, filter } };
}

function compileNode(node: SegmentNode, context: CompileContext): Compiled {
  if (isGroupNode(node)) {
    if ('all' in node) return allOf(node.all.map((child) => compileNode(child, context)));
    if ('any' in node) return anyOf(node.any.map((child) => compileNode(child, context)));
    return noneOf(compileNode(node.not, context));
  }
  if (isRelatedCondition(node)) return compileRelatedCondition(node, context);
  return compileFieldCondition(node, context);
}

function compileFieldCondition(condition: FieldCondition, context: CompileContext): Compiled {
  const { builder } = context;
  const fields = resolveValidated(context.catalog, condition.object, condition.field);
  if (condition.object === 'Marketing') {
    const [field] = fields;
    // The engagement score is stored beside the values (list_members.behaviorScore), not among them.
    const path = field.name === BEHAVIOR_SCORE_FIELD ? 'behaviorScore' : `values.${field.name}`;
    const atom = compileAtom(field, path, condition.op, condition.value, builder.now);
    return atom.negated ? noneOf(atom.filter) : atom.filter;
  }
  const linked = fields.map((field) => {
    if (field.object === 'Marketing') throw new Error('compileSegmentQuery: a CRM condition resolved to a marketing field');
    const atom = compileAtom(field, `fields.${field.name}`, condition.op, condition.value, builder.now);
    const step = builder.select(context.catalog.schema.collections[field.object], atom.filter);
    if (step === undefined) return false;
    if (condition.object === 'Account') return { accountId: { $in: idsOf(step) } };
    if (condition.object === 'Owner') return { ownerId: { $in: idsOf(step) } };
    return { type: field.object, crmId: { $in: idsOf(step) } };
  });
  const positive = anyOf(linked);
  return isNegatedOperator(condition.op) ? noneOf(positive) : positive;
}
