/**
 * Collects the steps of a plan while compiling. Identical steps are added once, so a field tested
 * twice in a query costs one query; every CRM step is scoped to the connection.
 */
import { allOf, toFilter, type Compiled } from './filters';
import type { CountTest, PersonType, PlanStep, StepIds } from './plan';

export class PlanBuilder {
  readonly steps: PlanStep[] = [];
  private readonly known = new Map<string, number>();

  constructor(
    readonly connectionId: string,
    readonly now: Date,
  ) {}

  /** The step collecting `collect` of this connection's records matching `where`; undefined when none can match. */
  select(collection: string, where: Compiled, collect = 'crmId'): number | undefined {
    if (where === false) return undefined;
    return this.add({ kind: 'select', collection, filter: this.scoped(where), collect });
  }

  tally(collection: string, where: Compiled, people: Partial<Record<PersonType, string>>, distinct: string, keep: CountTest): number | undefined {
    if (where === false) return undefined;
    return this.add({ kind: 'tally', collection, filter: this.scoped(where), people, distinct, keep });
  }

  private scoped(where: Compiled) {
    return toFilter(allOf([{ connectionId: this.connectionId }, where]));
  }

  private add(step: PlanStep): number {
    const key = JSON.stringify(step);
    const existing = this.known.get(key);
    if (existing !== undefined) return existing;
    this.steps.push(step);
    this.known.set(key, this.steps.length - 1);
    return this.steps.length - 1;
  }
}

export function idsOf(step: number, person?: PersonType): StepIds {
  return person ? { $stepIds: step, person } : { $stepIds: step };
}
