/**
 * Runs a SegmentPlan against any store that can answer a MongoDB find: the real database in
 * activities, an in-memory collection in tests. Steps run as soon as the steps they use are done,
 * a few at a time; their id sets then fill the `{ $stepIds }` markers of the member filter.
 */
import { isStepIds, passesCount, type MongoFilter, type PersonType, type PlanStep, type SegmentPlan, type StepIds, type TallyStep } from './plan';

export interface SegmentDataSource {
  /** Documents of `collection` matching `filter`, with at least the `projection` paths (dotted). */
  find(collection: string, filter: MongoFilter, projection: string[]): AsyncIterable<Record<string, unknown>>;
}

type StepResult = { ids: string[] } | { people: Record<PersonType, string[]> };

/** Enough to overlap the round trips without queueing many scans on one server. */
const CONCURRENT_STEPS = 4;

/** The member filter with every semi-join answered: ready for a find, a count or a sample. */
export async function resolveSegmentFilter(plan: SegmentPlan, source: SegmentDataSource): Promise<MongoFilter> {
  const results = await runSteps(plan.steps, source);
  return fillStepIds(plan.members.filter, results) as MongoFilter;
}

/** The crmIds of the list members in the segment. */
export async function executeSegmentPlan(plan: SegmentPlan, source: SegmentDataSource): Promise<Set<string>> {
  const filter = await resolveSegmentFilter(plan, source);
  const members = new Set<string>();
  for await (const doc of source.find(plan.members.collection, filter, ['crmId'])) {
    if (typeof doc.crmId === 'string') members.add(doc.crmId);
  }
  return members;
}

/** How many members the segment has and the first `sampleSize` of them (crmIds), in one pass. */
export async function previewSegmentPlan(plan: SegmentPlan, source: SegmentDataSource, options: { sampleSize: number }): Promise<{ count: number; sample: string[] }> {
  const filter = await resolveSegmentFilter(plan, source);
  const sample: string[] = [];
  let count = 0;
  for await (const doc of source.find(plan.members.collection, filter, ['crmId'])) {
    if (typeof doc.crmId !== 'string') continue;
    count += 1;
    if (sample.length < options.sampleSize) sample.push(doc.crmId);
  }
  return { count, sample };
}

async function runSteps(steps: PlanStep[], source: SegmentDataSource): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const done: Promise<void>[] = [];
  const slots = new Slots(CONCURRENT_STEPS);
  steps.forEach((step, index) => {
    const needs = [...stepIdsIn(step.filter)].map((i) => done[i]);
    done.push(
      Promise.all(needs).then(async () => {
        // The steps this one needs have stored their results by now.
        const filter = fillStepIds(step.filter, results) as MongoFilter;
        results[index] = await slots.run(() => (step.kind === 'select' ? select(step.collection, filter, step.collect, source) : tally(step, filter, source)));
      }),
    );
  });
  await Promise.all(done);
  return results;
}

async function select(collection: string, filter: MongoFilter, collect: string, source: SegmentDataSource): Promise<StepResult> {
  const ids = new Set<string>();
  for await (const doc of source.find(collection, filter, [collect])) {
    const value = valueAt(doc, collect);
    if (typeof value === 'string') ids.add(value);
  }
  return { ids: [...ids] };
}

async function tally(step: TallyStep, filter: MongoFilter, source: SegmentDataSource): Promise<StepResult> {
  const types = Object.keys(step.people) as PersonType[];
  const counted: Record<PersonType, Map<string, Set<string>>> = { Lead: new Map(), Contact: new Map() };
  for await (const doc of source.find(step.collection, filter, [step.distinct, ...types.map((t) => step.people[t] as string)])) {
    const distinct = valueAt(doc, step.distinct);
    if (typeof distinct !== 'string') continue;
    for (const type of types) {
      const person = valueAt(doc, step.people[type] as string);
      if (typeof person !== 'string') continue;
      const seen = counted[type].get(person) ?? new Set<string>();
      seen.add(distinct);
      counted[type].set(person, seen);
    }
  }
  const keep = (type: PersonType) => [...counted[type]].filter(([, seen]) => passesCount(seen.size, step.keep)).map(([person]) => person);
  return { people: { Lead: keep('Lead'), Contact: keep('Contact') } };
}

function stepIdsIn(value: unknown, found = new Set<number>()): Set<number> {
  if (isStepIds(value)) found.add(value.$stepIds);
  else if (Array.isArray(value)) value.forEach((v) => stepIdsIn(v, found));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => stepIdsIn(v, found));
  return found;
}

/** A copy of `value` with each `{ $stepIds }` marker replaced by that step's ids. */
function fillStepIds(value: unknown, results: StepResult[]): unknown {
  if (isStepIds(value)) return idsFrom(value, results);
  if (Array.isArray(value)) return value.map((v) => fillStepIds(v, results));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillStepIds(v, results)]));
  }
  return value;
}

function idsFrom(marker: StepIds, results: StepResult[]): string[] {
  const result = results[marker.$stepIds];
  if (!result) throw new Error(`segment plan: step ${marker.$stepIds} is used before it runs`);
  if ('ids' in result) return result.ids;
  if (!marker.person) throw new Error(`segment plan: step ${marker.$stepIds} counts people; name the person type`);
  return result.people[marker.person];
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A small counting semaphore. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.free -= 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
