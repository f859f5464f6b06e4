/**
 * Saving, reading and removing programs for the API and the pages alike: validate (every problem
 * with its path, a 400), store, make the Temporal Schedule match, and present with the schedule
 * warning and the last runs.
 */
import type { Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import { validateProgramInput } from '../../domain/programs/program-input';
import { programScheduleWarnings } from '../../domain/programs/schedule-warning';
import { describeStep, type ProgramStep } from '../../domain/programs/steps';
import { readScheduleSettings } from '../../domain/schedules/schedule-settings';
import { removeSchedule, saveSchedule } from '../../domain/schedules/target-schedules';
import type { ScheduleSpecOptions } from '../../domain/schedules/schedule-settings';
import { NotFoundError, ValidationError } from '../http-errors';
import { presentRun } from '../presenters/run-json';
import { runCounts } from '../../domain/runs';
import type { ProgramJson } from '../presenters/program-json-schema';

export type ProgramServiceDeps = { models: Models; temporal: Client; taskQueue: string; connectors: ConnectorFactory; scheduleSpecOptions?: ScheduleSpecOptions };

export const LAST_RUNS = 10;

export async function loadProgram(models: Pick<Models, 'Program'>, id: string) {
  const program = Types.ObjectId.isValid(id) ? await models.Program.findById(id).lean() : null;
  if (!program) throw new NotFoundError(`program ${id}`);
  return program;
}

async function validated(deps: ProgramServiceDeps, body: unknown, root: string) {
  const result = await validateProgramInput(deps, body, root);
  if (!result.ok) throw new ValidationError(result.problems);
  return result.program;
}

export async function createProgram(deps: ProgramServiceDeps, body: unknown, createdBy: string, root = 'body'): Promise<string> {
  const input = await validated(deps, body, root);
  const program = await deps.models.Program.create({ listId: input.listId, connectionId: input.connectionId, name: input.name, steps: input.steps, schedule: null, createdBy });
  await saveSchedule(deps, { kind: 'program', programId: String(program._id) }, input.schedule);
  return String(program._id);
}

/** A full replacement of name, steps and schedule; the list stays (a program's runs belong to it). */
export async function changeProgram(deps: ProgramServiceDeps, id: string, body: unknown, root = 'body'): Promise<void> {
  const program = await loadProgram(deps.models, id);
  const withList = body && typeof body === 'object' && !Array.isArray(body) ? { listId: String(program.listId), ...(body as object) } : body;
  const input = await validated(deps, withList, root);
  if (input.listId !== String(program.listId)) throw new ValidationError([{ path: `${root}.listId`, message: 'a program stays on its list; create a new program for another list' }]);
  await deps.models.Program.updateOne({ _id: id }, { $set: { name: input.name, steps: input.steps } });
  await saveSchedule(deps, { kind: 'program', programId: id }, input.schedule);
}

export async function removeProgram(deps: ProgramServiceDeps, id: string): Promise<void> {
  const program = await loadProgram(deps.models, id);
  await removeSchedule(deps.temporal, { kind: 'program', programId: id });
  await deps.models.Program.deleteOne({ _id: program._id });
}

type StoredProgram = Awaited<ReturnType<typeof loadProgram>>;

function storedSchedule(stored: unknown) {
  const settings = readScheduleSettings(stored);
  return settings.mode === 'off' ? null : settings;
}

/** The program as the API and the page show it; `warnings` explains when its schedule does not feed its list's sync. */
export async function presentProgram(deps: Pick<ProgramServiceDeps, 'models' | 'scheduleSpecOptions'>, program: StoredProgram, options: { runs?: boolean; now?: Date } = {}): Promise<ProgramJson> {
  const list = await deps.models.MarketingList.findById(program.listId, { name: 1, schedule: 1 }).lean();
  const schedule = storedSchedule(program.schedule);
  const listSchedule = list ? readScheduleSettings(list.schedule) : null;
  const warnings = programScheduleWarnings(schedule, listSchedule, options.now ?? new Date(), deps.scheduleSpecOptions);
  const steps = (program.steps as ProgramStep[]).map((step) => ({ ...step, description: describeStep(step) }));
  const lastRuns = options.runs
    ? (await deps.models.Run.find({ kind: 'list-maintenance', 'options.programId': String(program._id) }).sort({ createdAt: -1 }).limit(LAST_RUNS).lean()).map((run) => {
        const presented = presentRun(run);
        return { ...presented, steps: Object.values(runCounts('list-maintenance', run).steps ?? {}) };
      })
    : undefined;
  return {
    id: String(program._id),
    listId: String(program.listId),
    listName: list?.name ?? null,
    connectionId: String(program.connectionId),
    name: program.name,
    steps,
    schedule: program.schedule ?? null,
    lastRunId: program.lastRunId ?? null,
    warnings,
    createdAt: (program as { createdAt?: Date }).createdAt ?? null,
    updatedAt: (program as { updatedAt?: Date }).updatedAt ?? null,
    ...(lastRuns ? { lastRuns } : {}),
  };
}
