/**
 * What a step writes for one member, decided without I/O so "write only where it differs" is one
 * comparison: a run that finds every member already as the step wants it writes nothing.
 */
import { sameMemberValue } from '../lists/member-values';
import type { ProgramStep } from './steps';

type Member = { values?: Record<string, unknown> | null; behaviorScore?: number | null };

/** The value a change_field step wants in its field, or undefined when the member already has it. */
export function changedValue(step: Extract<ProgramStep, { kind: 'change_field' }>, member: Member): { value: unknown } | undefined {
  const values = member.values ?? {};
  const set = step.set;
  const wanted = set.kind === 'constant' ? set.value : set.kind === 'copy' ? (values[set.from] ?? null) : set.kind === 'behavior_score' ? (member.behaviorScore ?? null) : null;
  const copy = Array.isArray(wanted) ? [...wanted] : wanted;
  return sameMemberValue(values[step.field], copy) ? undefined : { value: copy };
}
