/**
 * A program's steps as stored and as the workflow runs them. Pure types and the shape check (zod);
 * what depends on the list (its fields, other lists, the segment catalog) is in program-input.ts.
 */
import { z } from 'zod';
import type { SegmentQuery } from '../segments/query';

export const MAX_PROGRAM_STEPS = 50;

export type SetValue = { kind: 'constant'; value: unknown } | { kind: 'copy'; from: string } | { kind: 'behavior_score' } | { kind: 'clear' };

export type ProgramStep =
  | { kind: 'change_field'; field: string; set: SetValue; when?: SegmentQuery }
  | { kind: 'add_to_list'; listId: string; when?: SegmentQuery }
  | { kind: 'remove_from_list'; listId: string; when?: SegmentQuery };

export type StepKind = ProgramStep['kind'];

const fieldName = z.string({ required_error: 'name one of the list’s fields', invalid_type_error: 'must be a field name' }).trim().min(1, 'name one of the list’s fields');
const listRef = z.string({ required_error: 'name the other list by id', invalid_type_error: 'must be a list id' }).trim().min(1, 'name the other list by id');
// `when` is checked against the list's segment catalog later; here it only has to be present or not.
const when = z.unknown().optional();

const setValue = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('constant'), value: z.unknown().refine((v) => v !== undefined && v !== null, 'a constant needs a value (use {"kind": "clear"} to empty the field)') }).strict(),
    z.object({ kind: z.literal('copy'), from: fieldName }).strict(),
    z.object({ kind: z.literal('behavior_score') }).strict(),
    z.object({ kind: z.literal('clear') }).strict(),
  ],
  { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: "choose 'constant', 'copy', 'behavior_score' or 'clear'" } : { message: ctx.defaultError }) },
);

export const stepShape = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('change_field'), field: fieldName, set: setValue, when }).strict(),
    z.object({ kind: z.literal('add_to_list'), listId: listRef, when }).strict(),
    z.object({ kind: z.literal('remove_from_list'), listId: listRef, when }).strict(),
  ],
  { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: "choose 'change_field', 'add_to_list' or 'remove_from_list'" } : { message: ctx.defaultError }) },
);

/** `["steps", 0, "field"]` → `steps[0].field`, the JSON path style every 400 of the API uses. */
export function jsonPath(root: string, parts: (string | number)[]): string {
  return parts.reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${part}` : part), root);
}

/** Words for the page and run documents: "set behaviorScore to 42 where …". */
export function describeStep(step: ProgramStep): string {
  const where = step.when ? ' (members matching a condition)' : '';
  switch (step.kind) {
    case 'change_field': {
      const set = step.set;
      const to = set.kind === 'constant' ? JSON.stringify(set.value) : set.kind === 'copy' ? `the value of ${set.from}` : set.kind === 'behavior_score' ? 'the behavioural score' : 'empty';
      return `set ${step.field} to ${to}${where}`;
    }
    case 'add_to_list':
      return `add to list ${step.listId}${where}`;
    case 'remove_from_list':
      return `remove from list ${step.listId}${where}`;
  }
}
