import type { TypeRule } from '../models/scoring-rules';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ScoredEvent {
  type: string;
  occurredAt: Date;
}

/**
 * A person's behavioural score: per event type, the sum of its events' points, each decayed by
 * 0.5^(ageDays / halfLifeDays) when the type decays, then capped (the cap bounds the decayed sum,
 * so old events free room under it); the types added up and rounded to an integer. Events of types
 * without a rule count nothing. An event dated after `now` counts at full points: the API accepts
 * clocks up to a day ahead and a future event must not count more than a fresh one.
 */
export function scorePerson(events: readonly ScoredEvent[], rules: Readonly<Record<string, TypeRule>>, now: Date): number {
  const sums = new Map<string, number>();
  for (const event of events) {
    const rule = rules[event.type];
    if (!rule || rule.points === 0) continue;
    const ageDays = Math.max(0, (now.getTime() - event.occurredAt.getTime()) / DAY_MS);
    const factor = rule.halfLifeDays ? Math.pow(0.5, ageDays / rule.halfLifeDays) : 1;
    sums.set(event.type, (sums.get(event.type) ?? 0) + rule.points * factor);
  }
  let total = 0;
  for (const [type, sum] of sums) total += capSum(sum, rules[type].cap);
  return Math.round(total);
}

/** A cap bounds the magnitude: a negative type (unsubscribe) is capped at -cap. */
function capSum(sum: number, cap: number | null): number {
  if (cap === null) return sum;
  return sum >= 0 ? Math.min(sum, cap) : Math.max(sum, -cap);
}
