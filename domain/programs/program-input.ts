/**
 * Checking a program before it is saved: the shape (zod), then what depends on its list — the field
 * is one of the list's, constants take the field's type, the other list exists on the same
 * connection, and every `when` is a valid segment query for the list. Every problem comes back with
 * its JSON path (`body.steps[1].when.all[0].op`); nothing is saved unless there are none.
 */
import { Types } from 'mongoose';
import { z } from 'zod';
import { readStoredMapping } from '../connections/mapping-service';
import { mappedMarketingFields } from '../lists/member-values';
import type { FieldType } from '../mapping/field-types';
import type { Models } from '../models';
import { segmentCatalogForList, type CatalogDeps } from '../segments/db/list-catalog';
import { validateSegmentQuery, type SegmentFieldCatalog } from '../segments';
import { parseScheduleSettings, type ScheduleSettings } from '../schedules/schedule-settings';
import { canCopy, coerceConstant } from './coerce-constant';
import { jsonPath, MAX_PROGRAM_STEPS, stepShape, type ProgramStep } from './steps';

export interface ProgramProblem {
  path: string;
  message: string;
}

export interface ProgramInput {
  listId: string;
  name: string;
  steps: ProgramStep[];
  schedule: ScheduleSettings | null;
}

export type ProgramValidation = { ok: true; program: ProgramInput & { connectionId: string } } | { ok: false; problems: ProgramProblem[] };

const bodyShape = z
  .object({
    listId: z.string({ required_error: 'name the program’s list', invalid_type_error: 'must be a list id' }).trim().min(1, 'name the program’s list'),
    name: z.string({ required_error: 'give the program a name', invalid_type_error: 'must be a text' }).trim().min(1, 'give the program a name').max(200, 'at most 200 characters'),
    steps: z.array(z.unknown(), { required_error: 'list the steps', invalid_type_error: 'must be a list of steps' }).max(MAX_PROGRAM_STEPS, `at most ${MAX_PROGRAM_STEPS} steps`),
    schedule: z.unknown().optional(),
  })
  .strict();

type InputDeps = CatalogDeps & { models: Pick<Models, 'MarketingList' | 'Connection' | 'CrmDescribe'> };

/** The program in `body` made valid for its list, or every problem found, rooted at `root`. */
export async function validateProgramInput(deps: InputDeps, body: unknown, root = 'body'): Promise<ProgramValidation> {
  const problems: ProgramProblem[] = [];
  const add = (parts: (string | number)[], message: string) => problems.push({ path: jsonPath(root, parts), message });
  const shaped = bodyShape.safeParse(body);
  if (!shaped.success) {
    for (const issue of shaped.error.issues) add(issue.path, issue.code === 'invalid_type' && issue.path.length === 0 ? 'must be a JSON object' : issue.message);
    return { ok: false, problems };
  }
  const input = shaped.data;
  const list = Types.ObjectId.isValid(input.listId) ? await deps.models.MarketingList.findById(input.listId).lean() : null;
  if (!list) return { ok: false, problems: [{ path: jsonPath(root, ['listId']), message: `no list ${input.listId}` }] };

  let schedule: ScheduleSettings | null = null;
  if (input.schedule !== undefined && input.schedule !== null) {
    const parsed = parseScheduleSettings(input.schedule);
    if (parsed.ok) schedule = parsed.settings.mode === 'off' ? null : parsed.settings;
    else for (const p of parsed.problems) add(['schedule', ...(p.path && p.path !== 'schedule' ? [p.path] : [])], p.message);
  }

  const connection = await deps.models.Connection.findById(list.connectionId, { mapping: 1 }).lean();
  const mapping = readStoredMapping(connection?.mapping);
  const types = mapping ? mappedMarketingFields(mapping) : new Map<string, FieldType>();
  let catalog: SegmentFieldCatalog | undefined;
  const steps: ProgramStep[] = [];
  for (const [index, raw] of input.steps.entries()) {
    const shapedStep = stepShape.safeParse(raw);
    if (!shapedStep.success) {
      for (const issue of shapedStep.error.issues) add(['steps', index, ...issue.path], issue.message);
      continue;
    }
    const step = shapedStep.data as ProgramStep;
    if (step.when !== undefined) {
      catalog ??= await segmentCatalogForList(deps, list);
      const checked = validateSegmentQuery(step.when, catalog);
      if (!checked.ok) for (const p of checked.problems) problems.push({ path: `${jsonPath(root, ['steps', index, 'when'])}${p.path.slice(1)}`, message: p.message });
    }
    if (step.kind === 'change_field') checkChangeField(step, list.fields, types, (parts, message) => add(['steps', index, ...parts], message));
    else await checkOtherList(deps.models, step.listId, list, (message) => add(['steps', index, 'listId'], message));
    steps.push(step);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, program: { listId: String(list._id), connectionId: String(list.connectionId), name: input.name, steps, schedule } };
}

function checkChangeField(step: Extract<ProgramStep, { kind: 'change_field' }>, fields: string[], types: Map<string, FieldType>, add: (parts: (string | number)[], message: string) => void): void {
  const type = types.get(step.field);
  if (!fields.includes(step.field) || !type) {
    add(['field'], `'${step.field}' is not one of the list's fields (${fields.join(', ')})`);
    return;
  }
  const set = step.set;
  if (set.kind === 'constant') {
    const coerced = coerceConstant(type, set.value);
    if (coerced.ok) set.value = coerced.value;
    else add(['set', 'value'], coerced.message);
  } else if (set.kind === 'copy') {
    const fromType = types.get(set.from);
    if (!fields.includes(set.from) || !fromType) add(['set', 'from'], `'${set.from}' is not one of the list's fields (${fields.join(', ')})`);
    else if (!canCopy(fromType, type)) add(['set', 'from'], `a ${fromType} field cannot be copied into the ${type} field '${step.field}'`);
  } else if (set.kind === 'behavior_score' && type !== 'Score' && type !== 'Number') {
    add(['set', 'kind'], `the behavioural score is a number; '${step.field}' is a ${type} field`);
  }
}

async function checkOtherList(models: Pick<Models, 'MarketingList'>, otherId: string, list: { _id: unknown; connectionId: unknown }, report: (message: string) => void): Promise<void> {
  if (otherId === String(list._id)) return report('must be another list than the program’s own');
  const other = Types.ObjectId.isValid(otherId) ? await models.MarketingList.findById(otherId, { connectionId: 1 }).lean() : null;
  if (!other) return report(`no list ${otherId}`);
  if (String(other.connectionId) !== String(list.connectionId)) report('must be a list of the same connection');
}
