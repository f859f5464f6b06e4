/** Reading programs for the programs pages and API. */
import type { Models } from '../../domain/models';
import { presentProgram, type ProgramServiceDeps } from './program-store';

export async function listPrograms(models: Pick<Models, 'Program'>) {
  return models.Program.find().sort({ name: 1 }).lean();
}

/** The programs index: each program as presented, with its last run's status and end, keyed by program id. */
export async function loadProgramsIndex(deps: Pick<ProgramServiceDeps, 'models' | 'scheduleSpecOptions'>) {
  const { models } = deps;
  const programs = await Promise.all((await listPrograms(models)).map((p) => presentProgram(deps, p)));
  const lastRuns = Object.fromEntries(
    await Promise.all(programs.map(async (p) => [p.id, p.lastRunId ? await models.Run.findById(p.lastRunId, { status: 1, finishedAt: 1 }).lean() : null] as const)),
  );
  return { programs, lastRuns };
}

/** The lists a program can work on, with their fields for the step editor. */
export async function listProgramLists(models: Pick<Models, 'MarketingList'>) {
  return (await models.MarketingList.find({}, { name: 1, fields: 1 }).sort({ name: 1 }).lean()).map((l) => ({ id: String(l._id), name: l.name, fields: l.fields }));
}
