/**
 * A compiled segment: MongoDB queries that answer it with semi-joins instead of $lookup (FerretDB v1
 * has none). Each step queries one collection; later steps and the final filter on list_members
 * use earlier steps' results as `$in` lists, marked `{ $stepIds: n }` until the executor fills them.
 * The plan is plain JSON, so it can be logged or shown next to an explanation. Which collection each
 * step reads comes from the connection's segment schema (segment-schema.ts).
 */

export type MongoFilter = { [key: string]: unknown };
export type PersonType = 'Lead' | 'Contact';

/** Stands where an `$in`/`$nin` list goes: the ids step n found (for a tally step, those of one person type). */
export interface StepIds {
  $stepIds: number;
  person?: PersonType;
}

/** The distinct values of `collect` over the documents matching `filter`. */
export interface SelectStep {
  kind: 'select';
  collection: string;
  filter: MongoFilter;
  collect: string;
}

/** How many related records a person must have for a tally step to keep it. */
export interface CountTest {
  op: 'gte' | 'gt' | 'lte' | 'lt' | 'eq' | 'ne';
  value: number;
}

/**
 * Counts, per person, the distinct `distinct` values of the documents matching `filter` (a person is
 * named by the `people` path of its type), and keeps the people whose count passes `keep`. Only
 * people with at least one document are ever kept: the compiler turns "count passes for 0" into
 * the complement (see compile-related.ts).
 */
export interface TallyStep {
  kind: 'tally';
  collection: string;
  filter: MongoFilter;
  people: Partial<Record<PersonType, string>>;
  distinct: string;
  keep: CountTest;
}

export type PlanStep = SelectStep | TallyStep;

export interface SegmentPlan {
  /** In dependency order: a step only refers to steps before it. */
  steps: PlanStep[];
  /** The filter on list_members whose matches are the segment. */
  members: { collection: string; filter: MongoFilter };
}

export function passesCount(count: number, test: CountTest): boolean {
  switch (test.op) {
    case 'gte':
      return count >= test.value;
    case 'gt':
      return count > test.value;
    case 'lte':
      return count <= test.value;
    case 'lt':
      return count < test.value;
    case 'eq':
      return count === test.value;
    case 'ne':
      return count !== test.value;
  }
}

export function isStepIds(value: unknown): value is StepIds {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as StepIds).$stepIds === 'number';
}
